package dev.kairos.core.generate;

import java.nio.charset.StandardCharsets;

/**
 * Merchant categories with their amount distribution (log-normal, median in USD) and how often
 * legitimate card holders shop there. Risky categories are where stolen cards are cashed out.
 */
enum Category {
  GROCERY("grocery", 32, 0.55, 22, false),
  RESTAURANTS("restaurants", 28, 0.6, 15, false),
  COFFEE_SHOPS("coffee_shops", 6.5, 0.4, 9, false),
  FUEL("fuel", 48, 0.35, 9, false),
  TRANSPORT("transport", 14, 0.7, 8, false),
  ONLINE_RETAIL("online_retail", 42, 0.85, 12, false),
  PHARMACY("pharmacy", 18, 0.6, 5, false),
  CLOTHING("clothing", 55, 0.7, 5, false),
  ENTERTAINMENT("entertainment", 25, 0.7, 5, false),
  UTILITIES("utilities", 85, 0.45, 3, false),
  TRAVEL("travel", 240, 0.9, 2.5, false),
  ELECTRONICS("electronics", 160, 0.9, 2, true),
  GIFT_CARDS("gift_cards", 50, 0.5, 1, true),
  JEWELRY("jewelry", 280, 0.9, 0.5, true),
  CRYPTO("crypto", 150, 1.0, 0.5, true);

  static final Category[] ALL = values();

  /** Cumulative weights of the categories legitimate card holders choose. */
  static final double[] LEGIT_CUMULATIVE;

  /** Cumulative weights of the categories fraudsters cash out in, over {@link #ALL}. */
  static final double[] FRAUD_CUMULATIVE;

  static {
    double[] legit = new double[ALL.length];
    double[] fraud = new double[ALL.length];
    for (Category c : ALL) {
      legit[c.ordinal()] = c.legitWeight;
    }
    fraud[ELECTRONICS.ordinal()] = 4;
    fraud[GIFT_CARDS.ordinal()] = 3;
    fraud[CRYPTO.ordinal()] = 2;
    fraud[JEWELRY.ordinal()] = 2;
    LEGIT_CUMULATIVE = Rng.cumulative(legit);
    FRAUD_CUMULATIVE = Rng.cumulative(fraud);
  }

  final String label;
  final byte[] labelBytes;
  final double medianUsd;
  final double sigma;
  final double legitWeight;
  final boolean risky;

  Category(String label, double medianUsd, double sigma, double legitWeight, boolean risky) {
    this.label = label;
    this.labelBytes = label.getBytes(StandardCharsets.US_ASCII);
    this.medianUsd = medianUsd;
    this.sigma = sigma;
    this.legitWeight = legitWeight;
    this.risky = risky;
  }
}
