package dev.kairos.cli.ui;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** One page of the dashboard: how to open it, and when it has finished rendering. */
public abstract class DashboardPage<P extends DashboardPage<P>> {
  protected static final Duration WAIT = Duration.ofSeconds(20);
  protected final Browser browser;
  protected final String base;
  private final String route;

  protected DashboardPage(Browser browser, String base, String route) {
    this.browser = browser;
    this.base = base;
    this.route = route;
  }

  /** The route's name, as in {@code #/name}. */
  public String name() {
    return route;
  }

  protected ChromeDriver driver() {
    return browser.driver();
  }

  /** Opens the page (with an optional query after the route) and waits until it rendered. */
  @SuppressWarnings("unchecked")
  public P open(String query) {
    driver().get(base + "/ui/#/" + route + (query == null || query.isEmpty() ? "" : "?" + query));
    awaitRendered();
    return (P) this;
  }

  public P open() {
    return open(null);
  }

  protected void awaitRendered() {
    browser
        .waiting(WAIT)
        .until(
            d -> {
              WebElement main = d.findElement(By.id("page"));
              return route.equals(main.getAttribute("data-page"))
                  && "true".equals(main.getAttribute("data-ready"));
            });
  }

  /**
   * Whether the page was drawn again after {@code before}, an element of the previous drawing: the
   * router replaces the page's children before it starts, so a new URL with the old drawing still
   * ready is not enough.
   */
  protected static boolean rerendered(WebElement before, WebDriver d) {
    try {
      before.isEnabled();
      return false;
    } catch (StaleElementReferenceException gone) {
      return "true".equals(d.findElement(By.id("page")).getAttribute("data-ready"));
    }
  }

  /** The page's heading. */
  public String heading() {
    return driver().findElement(By.cssSelector("#page h1")).getText();
  }

  /** Texts of the error boxes shown (a page that loaded well shows none). */
  public List<String> errors() {
    return driver().findElements(By.cssSelector("#page .error")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** Texts of the empty states shown. */
  public List<String> emptyStates() {
    return driver().findElements(By.cssSelector("#page .empty")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The nav links, in order. */
  public List<String> navigation() {
    return driver().findElements(By.cssSelector("#nav a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  protected List<String> attributes(String css, String attribute) {
    return driver().findElements(By.cssSelector(css)).stream()
        .map(e -> e.getAttribute(attribute))
        .toList();
  }

  protected int intAttribute(String css, String attribute) {
    List<WebElement> found = driver().findElements(By.cssSelector(css));
    return found.isEmpty() ? -1 : Integer.parseInt(found.get(0).getAttribute(attribute));
  }
}
