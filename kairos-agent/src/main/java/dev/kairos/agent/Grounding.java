package dev.kairos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kairos.api.agent.Verdict;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grounding check: ordinary code, not a prompt. An answer is grounded when every statement it
 * makes can be traced to this conversation's tool results (or to the question itself):
 *
 * <ol>
 *   <li><b>Numbers.</b> Every number written in the answer equals a number of a tool result (or of
 *       the question) after rounding that value to the decimals written: {@code 0.0123} matches
 *       0.012345 (4 decimals), {@code 1.2%} matches a fraction 0.01234 written as a percentage (the
 *       value times 100, rounded to 1 decimal) or a value 1.2 itself. Thousands separators are
 *       ignored; a number written without a sign also matches a negative value's magnitude
 *       ("lowered the score by 0.42"). The sizes of result arrays count as values (for "3
 *       reasons"). Markdown list markers ({@code 1. }) are not numbers.
 *   <li><b>Dates, times and identifiers.</b> An ISO date ({@code 2026-01-05}), a time ({@code
 *       14:05}) or an identifier that mixes letters and digits ({@code dev-00042}, {@code
 *       amount_sum_1h}) appears verbatim in a tool result or the question.
 *   <li><b>Verdicts.</b> A claim that a user is risky (risky, fraudulent, suspicious, high risk) or
 *       not (not risky, safe, legitimate, low risk) agrees with the champion model's decision in a
 *       {@code score_transaction} result; without one, any such claim is ungrounded.
 *   <li><b>No answer without a tool.</b> A question about a user, merchant or device that the model
 *       answers without any tool call Kairos executed is ungrounded as a whole.
 * </ol>
 */
public final class Grounding {
  private static final Pattern DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}(?:[T ][0-9:.]+Z?)?");
  private static final Pattern TIME = Pattern.compile("\\b\\d{1,2}:\\d{2}(?::\\d{2})?\\b");
  private static final Pattern IDENT =
      Pattern.compile(
          "\\b(?=[A-Za-z0-9_:-]*[A-Za-z])(?=[A-Za-z0-9_:-]*\\d)[A-Za-z0-9]+(?:[_:-][A-Za-z0-9]+)+\\b");
  private static final Pattern NUMBER =
      Pattern.compile(
          "(?<![\\w.])-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?%?|(?<![\\w.])-?\\d+(?:\\.\\d+)?%?");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern LIST_MARKER = Pattern.compile("(?m)^\\s*\\d+[.)]\\s");
  private static final Pattern ABOUT_ENTITY =
      Pattern.compile(
          "(?i)\\b(user|card ?holder|customer|merchant|device|account)s?\\b\\s*#?\\s*[\\w-]*\\d");
  private static final Pattern NOT_RISKY =
      Pattern.compile(
          "(?i)\\b(?:not|isn't|is not|no|low)[- ](?:risky|fraudulent|suspicious|a fraud risk|risk|high[- ]risk)\\b"
              + "|\\b(?:safe|legitimate|benign|low[- ]risk)\\b");
  private static final Pattern RISKY =
      Pattern.compile("(?i)\\b(?:risky|fraudulent|suspicious|high[- ]risk|likely fraud)\\b");

  private Grounding() {}

  /**
   * The result of a check.
   *
   * @param ungrounded the statements no tool result supports; empty when grounded
   */
  public record Result(List<String> ungrounded) {
    public boolean grounded() {
      return ungrounded.isEmpty();
    }
  }

  /**
   * Checks an answer.
   *
   * @param answer the model's text
   * @param question the user's question
   * @param results the JSON results of the tool calls Kairos executed in this conversation (data
   *     failures such as {@code {"error": "user 7 has no transaction"}} included: Kairos wrote
   *     them)
   * @param decisions the champion's decisions from {@code score_transaction} results
   */
  public static Result check(
      String answer, String question, List<JsonNode> results, List<Verdict> decisions) {
    List<String> bad = new ArrayList<>();
    if (results.isEmpty() && ABOUT_ENTITY.matcher(question).find()) {
      bad.add("the question is about a specific entity but no tool was called to look it up");
    }
    StringBuilder corpusText = new StringBuilder(question).append('\n');
    List<BigDecimal> values = new ArrayList<>();
    numbersIn(question, values);
    for (JsonNode r : results) {
      corpusText.append(r.toString()).append('\n');
      collect(r, values);
    }
    String corpus = corpusText.toString();
    String rest = answer;
    rest = tokens(DATE, rest, corpus, "date", bad);
    rest = tokens(TIME, rest, corpus, "time", bad);
    rest = tokens(IDENT, rest, corpus, "identifier", bad);
    rest = LIST_MARKER.matcher(rest).replaceAll(" ");
    Matcher m = NUMBER.matcher(rest);
    Set<String> seen = new LinkedHashSet<>();
    while (m.find()) {
      String token = m.group();
      if (seen.add(token) && !matches(token, values)) {
        bad.add("the number " + token + " appears in no tool result");
      }
    }
    verdicts(answer, decisions, bad);
    return new Result(List.copyOf(new LinkedHashSet<>(bad)));
  }

  private static String tokens(
      Pattern p, String text, String corpus, String what, List<String> bad) {
    Matcher m = p.matcher(text);
    StringBuilder rest = new StringBuilder();
    while (m.find()) {
      if (!corpus.contains(m.group())) {
        bad.add("the " + what + " " + m.group() + " appears in no tool result");
      }
      m.appendReplacement(rest, " ");
    }
    m.appendTail(rest);
    return rest.toString();
  }

  private static void verdicts(String answer, List<Verdict> decisions, List<String> bad) {
    String withoutNegations = NOT_RISKY.matcher(answer).replaceAll(" ");
    Matcher notRisky = NOT_RISKY.matcher(answer);
    Matcher risky = RISKY.matcher(withoutNegations);
    if (notRisky.find() && !decisions.contains(Verdict.NOT_RISKY)) {
      bad.add(
          decisions.isEmpty()
              ? "\"" + notRisky.group() + "\" without a score from the champion model"
              : "\"" + notRisky.group() + "\" contradicts the champion model's decision (RISKY)");
    }
    if (risky.find() && !decisions.contains(Verdict.RISKY)) {
      bad.add(
          decisions.isEmpty()
              ? "\"" + risky.group() + "\" without a score from the champion model"
              : "\"" + risky.group() + "\" contradicts the champion model's decision (NOT_RISKY)");
    }
  }

  static boolean matches(String token, List<BigDecimal> values) {
    boolean percent = token.endsWith("%");
    String digits = token.replace(",", "").replace("%", "");
    BigDecimal written = new BigDecimal(digits);
    int scale = Math.max(0, written.scale());
    for (BigDecimal v : values) {
      BigDecimal a = written.signum() < 0 ? v : v.abs();
      if (round(a, scale).compareTo(written) == 0
          || (percent && round(a.movePointRight(2), scale).compareTo(written) == 0)) {
        return true;
      }
    }
    return false;
  }

  private static BigDecimal round(BigDecimal v, int scale) {
    return v.setScale(scale, RoundingMode.HALF_UP);
  }

  private static void collect(JsonNode n, List<BigDecimal> out) {
    if (n.isNumber()) {
      out.add(n.decimalValue());
    } else if (n.isTextual()) {
      numbersIn(n.asText(), out);
    } else if (n.isBoolean()) {
      return;
    } else if (n.isArray()) {
      out.add(BigDecimal.valueOf(n.size()));
      n.forEach(c -> collect(c, out));
    } else if (n.isObject()) {
      n.fields()
          .forEachRemaining(
              e -> {
                numbersIn(e.getKey(), out);
                collect(e.getValue(), out);
              });
    }
  }

  private static void numbersIn(String text, List<BigDecimal> out) {
    Matcher m = NUMBER.matcher(text);
    Matcher inside = DIGITS.matcher(text);
    while (inside.find()) {
      out.add(new BigDecimal(inside.group()));
    }
    while (m.find()) {
      try {
        out.add(new BigDecimal(m.group().replace(",", "").replace("%", "")));
      } catch (NumberFormatException e) {
        // not a number after all
      }
    }
  }
}
