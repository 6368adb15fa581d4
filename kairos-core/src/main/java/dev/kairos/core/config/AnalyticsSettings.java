package dev.kairos.core.config;

import static java.util.Objects.requireNonNull;

import dev.kairos.core.definitions.Problems;
import dev.kairos.core.definitions.YamlMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code analytics} section of {@code kairos.yaml}: which source is the transaction log and
 * which of its fields hold what the analytics views need. Every name is a field of the source;
 * whether it exists with a suitable type is checked when the views are refreshed, against the
 * applied definitions.
 *
 * @param source the source holding one row per transaction, e.g. {@code transactions}
 * @param amount the amount, in {@code currency} (or in the reporting currency when {@code currency}
 *     is null)
 * @param currency the ISO 4217 code of each row's amount, or null when every amount is already in
 *     the reporting currency
 * @param category the merchant category
 * @param country the merchant's country
 * @param label the fraud label: an integer (non-zero is fraud) or a boolean
 * @param user the card holder
 * @param merchant the merchant
 * @param device the device
 * @param transactionId the transaction's id, which {@code prediction_log} rows refer to
 * @param reportingCurrency the currency amounts are reported in; a key of {@link #UNITS_PER_USD}
 */
public record AnalyticsSettings(
    String source,
    String amount,
    String currency,
    String category,
    String country,
    String label,
    String user,
    String merchant,
    String device,
    String transactionId,
    String reportingCurrency) {

  /**
   * The fixed conversion rates, in units of each currency per US dollar (those the fraud data
   * generator uses): an amount in currency C is {@code amount / UNITS_PER_USD[C] *
   * UNITS_PER_USD[reporting]} in the reporting currency.
   */
  public static final Map<String, Double> UNITS_PER_USD = rates();

  /** The keys of the section, in the order to suggest them. */
  static final List<String> KEYS =
      List.of(
          "source",
          "amount",
          "currency",
          "category",
          "country",
          "label",
          "user",
          "merchant",
          "device",
          "transaction_id",
          "reporting_currency");

  /** What an analytics section looks like, for messages. */
  public static final String EXAMPLE =
      "analytics:\n"
          + "  source: transactions\n"
          + "  amount: amount\n"
          + "  currency: currency\n"
          + "  category: merchant_category\n"
          + "  country: country\n"
          + "  label: is_fraud\n"
          + "  user: user_id\n"
          + "  merchant: merchant_id\n"
          + "  device: device_id\n"
          + "  transaction_id: transaction_id\n"
          + "  reporting_currency: USD";

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public AnalyticsSettings {
    requireNonNull(source, "source");
    requireNonNull(amount, "amount");
    requireNonNull(category, "category");
    requireNonNull(country, "country");
    requireNonNull(label, "label");
    requireNonNull(user, "user");
    requireNonNull(merchant, "merchant");
    requireNonNull(device, "device");
    requireNonNull(transactionId, "transactionId");
    requireNonNull(reportingCurrency, "reportingCurrency");
    if (!UNITS_PER_USD.containsKey(reportingCurrency)) {
      throw new IllegalArgumentException("unknown reporting currency " + reportingCurrency);
    }
  }

  /**
   * The column fields by their {@code kairos.yaml} key (currency only when given), in key order.
   */
  public Map<String, String> columns() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("amount", amount);
    if (currency != null) {
      out.put("currency", currency);
    }
    out.put("category", category);
    out.put("country", country);
    out.put("label", label);
    out.put("user", user);
    out.put("merchant", merchant);
    out.put("device", device);
    out.put("transaction_id", transactionId);
    return out;
  }

  private static String example(String key) {
    return EXAMPLE
        .lines()
        .filter(l -> l.startsWith("  " + key + ":"))
        .map(l -> l.substring(l.indexOf(':') + 2))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Double> rates() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("USD", 1.0);
    m.put("EUR", 0.92);
    m.put("GBP", 0.79);
    m.put("CHF", 0.88);
    m.put("CAD", 1.36);
    m.put("SGD", 1.34);
    m.put("AUD", 1.52);
    m.put("NZD", 1.65);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Reads an opened {@code analytics} mapping; null when it has problems (reported). */
  static AnalyticsSettings read(YamlMap m, EnvSubstitution env, Problems problems) {
    Map<String, String> v = new LinkedHashMap<>();
    boolean ok = true;
    for (String key : KEYS) {
      boolean optional = key.equals("currency") || key.equals("reporting_currency");
      String raw =
          optional
              ? m.text(key)
              : m.requiredText(key, "the source field that holds it, e.g. " + example(key));
      String value = env.apply(raw, m.pos(key));
      if (value == null) {
        ok &= optional && !m.has(key);
        continue;
      }
      if (key.equals("reporting_currency")) {
        if (!UNITS_PER_USD.containsKey(value)) {
          problems.add(
              m.pos(key),
              "analytics reporting_currency '"
                  + value
                  + "' has no conversion rate; use one of "
                  + String.join(", ", UNITS_PER_USD.keySet()));
          ok = false;
        }
      } else if (!NAME.matcher(value).matches()) {
        problems.add(
            m.pos(key),
            "analytics "
                + key
                + " must name a field (letters, digits and underscores), not '"
                + value
                + "'");
        ok = false;
      }
      v.put(key, value);
    }
    if (!ok) {
      return null;
    }
    return new AnalyticsSettings(
        v.get("source"),
        v.get("amount"),
        v.get("currency"),
        v.get("category"),
        v.get("country"),
        v.get("label"),
        v.get("user"),
        v.get("merchant"),
        v.get("device"),
        v.get("transaction_id"),
        v.getOrDefault("reporting_currency", "USD"));
  }
}
