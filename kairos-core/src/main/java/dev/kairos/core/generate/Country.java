package dev.kairos.core.generate;

import java.nio.charset.StandardCharsets;

/**
 * Countries (ISO 3166-1 alpha-2) where card holders live and merchants trade, with their currency
 * (ISO 4217), share of users and merchants, and units of currency per US dollar.
 */
enum Country {
  US("USD", 30, 1.0),
  CA("CAD", 6, 1.36),
  GB("GBP", 10, 0.79),
  IE("EUR", 2, 0.92),
  DE("EUR", 10, 0.92),
  FR("EUR", 8, 0.92),
  ES("EUR", 6, 0.92),
  IT("EUR", 6, 0.92),
  NL("EUR", 4, 0.92),
  BE("EUR", 2, 0.92),
  AT("EUR", 2, 0.92),
  CH("CHF", 2, 0.88),
  AU("AUD", 5, 1.52),
  NZ("NZD", 1, 1.65),
  SG("SGD", 2, 1.34);

  static final Country[] ALL = values();
  static final double[] CUMULATIVE;

  static {
    double[] w = new double[ALL.length];
    for (Country c : ALL) {
      w[c.ordinal()] = c.weight;
    }
    CUMULATIVE = Rng.cumulative(w);
  }

  final String currency;
  final byte[] codeBytes;
  final byte[] currencyBytes;
  final double weight;
  final double perUsd;

  Country(String currency, double weight, double perUsd) {
    this.currency = currency;
    this.codeBytes = name().getBytes(StandardCharsets.US_ASCII);
    this.currencyBytes = currency.getBytes(StandardCharsets.US_ASCII);
    this.weight = weight;
    this.perUsd = perUsd;
  }

  /** A country other than {@code home}, drawn by weight. */
  static int other(Rng rng, int home) {
    int c;
    do {
      c = rng.pick(CUMULATIVE);
    } while (c == home);
    return c;
  }
}
