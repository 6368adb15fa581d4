package dev.kairos.cli.ui;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The dashboard's pages, each knowing its own selectors. */
public final class Pages {
  private Pages() {}

  /** Live serving charts. */
  public static final class Serving extends DashboardPage<Serving> {
    public Serving(Browser b, String base) {
      super(b, base, "serving");
    }

    /** Non-zero values in a chart (e.g. "rps", "entity-rows", "latency-ENDPOINT"); -1 if absent. */
    public int nonZeroPoints(String chart) {
      return intAttribute("figure[data-chart='" + chart + "']", "data-nonzero");
    }

    /** Waits until the chart shows at least one non-zero point; answers how many. */
    public int awaitNonZero(String chart) {
      browser.waiting(WAIT).until(d -> nonZeroPoints(chart) > 0);
      return nonZeroPoints(chart);
    }

    /** The endpoints in the summary table. */
    public List<String> endpoints() {
      return attributes("#serving-table tr[data-endpoint]", "data-endpoint");
    }
  }

  /** The registry. */
  public static final class Features extends DashboardPage<Features> {
    public Features(Browser b, String base) {
      super(b, base, "features");
    }

    public List<String> views() {
      return attributes("#views-table tr[data-view]", "data-view");
    }

    /** The registry versions the version picker offers, newest first. */
    public List<String> versions() {
      return attributes("#registry-version option", "value");
    }

    /**
     * Waits for the comparison of two versions (run by itself when there are two or more) and gives
     * its rows as {@code "action kind name"}, then each changed field's line.
     */
    public List<String> diffRows() {
      browser
          .waiting(WAIT)
          .until(d -> !d.findElements(By.cssSelector("#diff-result table tbody tr")).isEmpty());
      return driver().findElements(By.cssSelector("#diff-result table tbody tr")).stream()
          .map(
              tr -> {
                List<WebElement> cells = tr.findElements(By.tagName("td"));
                StringBuilder sb =
                    new StringBuilder(
                        cells.get(0).getText()
                            + " "
                            + cells.get(1).getText()
                            + " "
                            + cells.get(2).getText());
                for (WebElement li : cells.get(3).findElements(By.tagName("li"))) {
                  sb.append('\n').append(li.getText());
                }
                return sb.toString();
              })
          .toList();
    }

    /** The kind badge of a view: plain, aggregated or request-time. */
    public String kindOf(String view) {
      return driver()
          .findElement(By.cssSelector("#views-table tr[data-view='" + view + "'] td:nth-child(2)"))
          .getText();
    }
  }

  /** Materialization and stream freshness. */
  public static final class Freshness extends DashboardPage<Freshness> {
    public Freshness(Browser b, String base) {
      super(b, base, "freshness");
    }

    public List<String> views() {
      return attributes("#freshness-table tr[data-view]", "data-view");
    }

    /** The last-materialization cell of a view. */
    public String lastRun(String view) {
      return driver()
          .findElement(
              By.cssSelector("#freshness-table tr[data-view='" + view + "'] td:nth-child(3)"))
          .getText();
    }
  }

  /** Validation runs and quarantined batches. */
  public static final class Quality extends DashboardPage<Quality> {
    public Quality(Browser b, String base) {
      super(b, base, "quality");
    }

    public List<String> quarantinedBatches() {
      return attributes("#quarantine-table tr[data-batch]", "data-batch");
    }

    /** The failing-expectations cell of a quarantined batch. */
    public String failingOf(String batch) {
      return driver()
          .findElement(
              By.cssSelector("#quarantine-table tr[data-batch='" + batch + "'] td:nth-child(5)"))
          .getText();
    }

    /** Outcomes ("passed"/"rejected") of a source's validation runs, newest first. */
    public List<String> outcomes(String source) {
      return driver()
          .findElements(By.cssSelector("tr[data-source='" + source + "'] td:nth-child(2)"))
          .stream()
          .map(WebElement::getText)
          .toList();
    }
  }

  /** Runs, plots, versions and aliases. */
  public static final class Models extends DashboardPage<Models> {
    public Models(Browser b, String base) {
      super(b, base, "models");
    }

    public List<String> runs() {
      return attributes("#runs-table tr[data-run]", "data-run");
    }

    /** Aliases cell of a model version. */
    public String aliasesOf(String model, long version) {
      return driver()
          .findElement(
              By.cssSelector(
                  "#versions-table tr[data-model='"
                      + model
                      + "'][data-version='"
                      + version
                      + "'] td:nth-child(3)"))
          .getText();
    }

    /** Waits until every plot image loaded; answers their natural widths. */
    public List<Long> loadedPlotWidths() {
      browser
          .waiting(WAIT)
          .until(
              d ->
                  d.findElements(By.cssSelector("#plots img")).stream()
                      .allMatch(i -> Boolean.parseBoolean(i.getDomProperty("complete"))));
      return driver().findElements(By.cssSelector("#plots img")).stream()
          .map(
              i ->
                  (Long)
                      ((JavascriptExecutor) driver())
                          .executeScript("return arguments[0].naturalWidth", i))
          .toList();
    }

    /** The metric rows of the comparison of the two runs preselected. */
    public int comparedMetrics() {
      return driver().findElements(By.cssSelector("#compare-result table")).isEmpty()
          ? 0
          : driver()
              .findElements(By.cssSelector("#compare-result table:first-of-type tbody tr"))
              .size();
    }
  }

  /** Daily risk and weekly growth. */
  public static final class Analytics extends DashboardPage<Analytics> {
    public Analytics(Browser b, String base) {
      super(b, base, "analytics");
    }

    public int nonZeroPoints(String chart) {
      return intAttribute("figure[data-chart='" + chart + "']", "data-nonzero");
    }

    /** Picks a category in the filter and applies it. */
    public Analytics filterCategory(String category) {
      return filter(category, "");
    }

    /** Picks a category and a country ("" for all) and applies them. */
    public Analytics filter(String category, String country) {
      new Select(driver().findElement(By.id("filter-category"))).selectByValue(category);
      new Select(driver().findElement(By.id("filter-country"))).selectByValue(country);
      WebElement go = driver().findElement(By.id("filter-go"));
      go.click();
      String expected =
          (category.isEmpty() ? "" : "category=" + category)
              + (category.isEmpty() || country.isEmpty() ? "" : "&")
              + (country.isEmpty() ? "" : "country=" + country);
      browser
          .waiting(WAIT)
          .until(d -> d.getCurrentUrl().endsWith("analytics?" + expected) && rerendered(go, d));
      return this;
    }

    /** The countries the filter offers ("" for all). */
    public List<String> countries() {
      return attributes("#filter-country option", "value");
    }

    /** The weekly table's rows as {@code "week transactions frauds"}. */
    public List<String> weeklyRows() {
      return driver().findElements(By.cssSelector("#weekly-table tbody tr")).stream()
          .map(
              tr -> {
                List<WebElement> cells = tr.findElements(By.tagName("td"));
                return cells.get(0).getText()
                    + " "
                    + cells.get(1).getText()
                    + " "
                    + cells.get(4).getText();
              })
          .toList();
    }

    public List<String> sections() {
      return driver().findElements(By.cssSelector("#page h2")).stream()
          .map(WebElement::getText)
          .toList();
    }
  }

  /** A user's features and the champion's score. */
  public static final class Lookup extends DashboardPage<Lookup> {
    public Lookup(Browser b, String base) {
      super(b, base, "lookup");
    }

    /** Types the user id (and any transaction fields), presses Look up and waits for the result. */
    public Lookup lookUp(String userId, Map<String, String> transaction) {
      type(driver().findElement(By.id("lookup-user")), userId);
      for (Map.Entry<String, String> e : transaction.entrySet()) {
        type(driver().findElement(By.id("tx-" + e.getKey())), e.getValue());
      }
      List<WebElement> previous = driver().findElements(By.cssSelector("#lookup-result > *"));
      driver().findElement(By.id("lookup-user")).sendKeys(org.openqa.selenium.Keys.ENTER);
      if (!previous.isEmpty()) {
        browser
            .waiting(WAIT)
            .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(previous.get(0)));
      }
      browser
          .waiting(WAIT)
          .until(
              d ->
                  !d.findElements(By.cssSelector("#features-table")).isEmpty()
                      || !d.findElements(By.cssSelector("#lookup-result .error")).isEmpty());
      if (!transaction.isEmpty()) {
        browser
            .waiting(WAIT)
            .until(
                d ->
                    !d.findElements(By.id("score-probability")).isEmpty()
                        || !d.findElements(
                                By.cssSelector("#lookup-result .error, #lookup-result .empty"))
                            .isEmpty());
      }
      return this;
    }

    private static void type(WebElement input, String text) {
      input.clear();
      input.sendKeys(text);
    }

    /** Feature reference → the value text shown. */
    public Map<String, String> features() {
      Map<String, String> out = new LinkedHashMap<>();
      for (WebElement row :
          driver().findElements(By.cssSelector("#features-table tr[data-feature]"))) {
        out.put(
            row.getAttribute("data-feature"),
            row.findElement(By.cssSelector("td:nth-child(2)")).getText());
      }
      return out;
    }

    /** Feature reference → the status shown. */
    public Map<String, String> statuses() {
      Map<String, String> out = new LinkedHashMap<>();
      for (WebElement row :
          driver().findElements(By.cssSelector("#features-table tr[data-feature]"))) {
        out.put(
            row.getAttribute("data-feature"),
            row.findElement(By.cssSelector("td:nth-child(3)")).getText());
      }
      return out;
    }

    public String probability() {
      return driver().findElement(By.id("score-probability")).getText();
    }

    public String decision() {
      return driver().findElement(By.id("score-decision")).getText();
    }

    /** The bars drawn in the contributions chart. */
    public int contributionBars() {
      return driver()
          .findElements(By.cssSelector("figure[data-chart='contributions'] .bar"))
          .size();
    }

    /** The feature names labelling the contribution bars, largest first. */
    public List<String> contributionLabels() {
      return driver()
          .findElements(
              By.cssSelector("figure[data-chart='contributions'] .bars > span.mono:not(.num)"))
          .stream()
          .map(WebElement::getText)
          .toList();
    }
  }

  /** Stored skew checks. */
  public static final class Skew extends DashboardPage<Skew> {
    public Skew(Browser b, String base) {
      super(b, base, "skew");
    }

    private String latest(String service) {
      return "p.skew-latest[data-service='" + service + "']";
    }

    /** Checks of the service on the chart over time. */
    public int checks(String service) {
      return intAttribute(latest(service), "data-checks");
    }

    /** Logged rows of the service's latest check. */
    public int latestRows(String service) {
      return intAttribute(latest(service), "data-rows");
    }

    /** Rows with a mismatch in the service's latest check. */
    public int latestMismatches(String service) {
      return intAttribute(latest(service), "data-mismatches");
    }

    /** Points of the latest check's per-hour chart that are not zero. */
    public int hourlyNonZero(String service) {
      return intAttribute("figure[data-chart='skew-hours-" + service + "']", "data-nonzero");
    }

    /** The features of the latest check's table. */
    public List<String> features() {
      return attributes("tr[data-feature]", "data-feature");
    }

    /** The services the "Run a check now" form offers. */
    public List<String> checkableServices() {
      return attributes("#check-service option", "value");
    }

    /**
     * Runs a check of {@code service} over the last 24 hours from the page; waits for the redraw.
     */
    public Skew runCheck(String service) {
      new Select(driver().findElement(By.id("check-service"))).selectByValue(service);
      WebElement go = driver().findElement(By.id("check-go"));
      go.click();
      browser
          .waiting(Duration.ofSeconds(120))
          .until(d -> d.getCurrentUrl().contains("skew?checked=") && rerendered(go, d));
      return this;
    }
  }

  /** The risk agent's question box. */
  public static final class Ask extends DashboardPage<Ask> {
    public Ask(Browser b, String base) {
      super(b, base, "ask");
    }

    /** Types the question, presses Ask and waits for the answer or an error. */
    public Ask ask(String question) {
      WebElement box = driver().findElement(By.id("ask-question"));
      box.clear();
      box.sendKeys(question);
      driver().findElement(By.id("ask-go")).click();
      browser
          .waiting(java.time.Duration.ofSeconds(60))
          .until(
              d ->
                  !d.findElements(By.id("ask-answer")).isEmpty()
                      || !d.findElements(By.cssSelector("#ask-result .error")).isEmpty());
      return this;
    }

    public String answer() {
      return driver().findElement(By.id("ask-answer")).getText();
    }

    /** The line under the answer: verdict, grounding, attempts, model. */
    public String summary() {
      return driver().findElement(By.cssSelector("#ask-result .card p.muted")).getText();
    }

    /** The tools called, in order. */
    public List<String> toolCalls() {
      return driver()
          .findElements(By.cssSelector("#ask-result table tbody tr td:first-child"))
          .stream()
          .map(WebElement::getText)
          .toList();
    }
  }
}
