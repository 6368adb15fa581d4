package dev.kairos.core.generate;

/**
 * The fixed parts of a generated data set: the merchant catalog (each merchant has exactly one
 * category and one country) and the devices fraudsters use. Derived from the seed only.
 */
final class World {
  private static final long CATALOG_STREAM = -1;
  private static final long FRAUD_DEVICE_STREAM = -2;

  final long seed;
  final int merchantCount;

  /** Indexed by merchant id (1-based); entry 0 is unused. */
  final byte[] merchantCategory;

  final byte[] merchantCountry;
  final double[] merchantPriceFactor;

  /** Merchant ids per [country][category]; never empty. */
  final int[][][] merchants;

  final int fraudDevices;

  World(GeneratorConfig config) {
    this.seed = config.seed();
    int target = Math.max(300, config.users() / 8);
    int countries = Country.ALL.length;
    int categories = Category.ALL.length;
    double countryTotal = Country.CUMULATIVE[countries - 1];
    double categoryTotal = Category.LEGIT_CUMULATIVE[categories - 1];
    int[][] counts = new int[countries][categories];
    int total = 0;
    for (Country c : Country.ALL) {
      for (Category k : Category.ALL) {
        double share = (c.weight / countryTotal) * (k.legitWeight / categoryTotal);
        int n = Math.max(1, (int) Math.round(target * share));
        counts[c.ordinal()][k.ordinal()] = n;
        total += n;
      }
    }
    this.merchantCount = total;
    this.merchantCategory = new byte[total + 1];
    this.merchantCountry = new byte[total + 1];
    this.merchantPriceFactor = new double[total + 1];
    this.merchants = new int[countries][categories][];
    Rng rng = Rng.of(seed, CATALOG_STREAM, 0);
    // Shuffled ids, so an id range never gives away a country or a category.
    int[] ids = new int[total];
    for (int i = 0; i < total; i++) {
      ids[i] = i + 1;
    }
    for (int i = total - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = ids[i];
      ids[i] = ids[j];
      ids[j] = t;
    }
    int next = 0;
    for (int c = 0; c < countries; c++) {
      for (int k = 0; k < categories; k++) {
        int[] list = new int[counts[c][k]];
        for (int i = 0; i < list.length; i++) {
          int id = ids[next++];
          list[i] = id;
          merchantCategory[id] = (byte) k;
          merchantCountry[id] = (byte) c;
          merchantPriceFactor[id] = rng.logNormal(1.0, 0.2);
        }
        merchants[c][k] = list;
      }
    }
    this.fraudDevices = 64 + config.users() / 100;
  }

  Category category(int merchantId) {
    return Category.ALL[merchantCategory[merchantId]];
  }

  Country country(int merchantId) {
    return Country.ALL[merchantCountry[merchantId]];
  }

  int randomMerchant(Rng rng, int country, int category) {
    int[] list = merchants[country][category];
    return list[rng.nextInt(list.length)];
  }

  /** The 48-bit code of one of the devices shared by the fraud ring. */
  long fraudDevice(int index) {
    return Rng.hash(seed, FRAUD_DEVICE_STREAM, index) & 0xFFFF_FFFF_FFFFL;
  }

  /** Amount in cents of the merchant's currency, at least 0.50. */
  long cents(int merchantId, double usd) {
    double local = usd * merchantPriceFactor[merchantId] * country(merchantId).perUsd;
    return Math.max(50L, Math.round(local * 100.0));
  }
}
