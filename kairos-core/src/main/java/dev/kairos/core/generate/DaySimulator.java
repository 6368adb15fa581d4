package dev.kairos.core.generate;

/**
 * Simulates one card holder for one day: legitimate purchases following the holder's habits, and
 * now and then a fraud episode. Each (user, day) has its own random stream, so the result does not
 * depend on the order in which users or days are simulated.
 */
final class DaySimulator {
  static final int DAY = 86_400;

  /** Chance that a purchase is followed within 2-45 minutes by another (a shopping trip). */
  static final double FOLLOW_UP = 0.08;

  /** Chance that a card holder spends a whole day abroad, legitimately. */
  static final double TRAVEL = 0.01;

  /** Chance per user and day that the card is abused (a fraud episode). */
  static final double EPISODE = 0.0103;

  static final double BURST = 0.7;

  /** Expected rows per episode: bursts of 3-8, otherwise 1-2. */
  static final double MEAN_EPISODE_ROWS = BURST * 5.5 + (1 - BURST) * 1.5;

  /** Relative activity per UTC hour: quiet nights, a lunch peak and an evening peak. */
  private static final double[] HOURLY =
      Rng.cumulative(
          new double[] {
            0.6, 0.35, 0.2, 0.15, 0.15, 0.25, 0.6, 1.5, 2.5, 3.0, 3.2, 3.8, //
            4.5, 4.0, 3.4, 3.3, 3.6, 4.5, 5.0, 4.8, 4.0, 3.0, 2.0, 1.2
          });

  private final World world;
  private final int startSecondOfDay;

  DaySimulator(World world, long startEpochSecond) {
    this.world = world;
    this.startSecondOfDay = (int) Math.floorMod(startEpochSecond, (long) DAY);
  }

  void simulate(UserProfile p, int userId, int day, double dayFactor, DayBatch out) {
    Rng rng = Rng.of(world.seed, userId, day);
    int abroad = rng.chance(TRAVEL) ? Country.other(rng, p.home) : -1;
    int n = rng.poisson(p.dailyRate * dayFactor);
    for (int i = 0; i < n; i++) {
      int offset = toOffset(usualSecond(rng) + p.shiftSeconds);
      legit(rng, p, userId, abroad, offset, out);
      if (rng.chance(FOLLOW_UP)) {
        int next = offset + 120 + rng.nextInt(2_580);
        if (next < DAY) {
          legit(rng, p, userId, abroad, next, out);
        }
      }
    }
    if (rng.chance(EPISODE)) {
      episode(rng, p, userId, out);
    }
  }

  private void legit(Rng rng, UserProfile p, int userId, int abroad, int offset, DayBatch out) {
    int merchant =
        abroad >= 0
            ? world.randomMerchant(rng, abroad, rng.pick(Category.LEGIT_CUMULATIVE))
            : p.legitMerchant(world, rng);
    Category category = world.category(merchant);
    long cents =
        world.cents(merchant, category.medianUsd * p.spend * rng.logNormal(1, category.sigma));
    out.add(offset, userId, merchant, cents, p.legitDevice(rng), delay(rng), false);
  }

  /**
   * A stolen card in use: often a burst within minutes, often from a device of the fraud ring and
   * abroad, mostly at risky merchants, at inflated amounts, half the time in the small hours.
   */
  private void episode(Rng rng, UserProfile p, int userId, DayBatch out) {
    boolean burst = rng.chance(BURST);
    int count = burst ? 3 + rng.nextInt(6) : 1 + rng.nextInt(2);
    int country = rng.chance(0.55) ? Country.other(rng, p.home) : p.home;
    long device =
        rng.chance(0.75) ? world.fraudDevice(rng.nextInt(world.fraudDevices)) : p.devices[0];
    int second = rng.chance(0.5) ? rng.nextInt(6 * 3600) : usualSecond(rng);
    int[] at = new int[count];
    for (int i = 1; i < count; i++) {
      at[i] = at[i - 1] + 10 + (int) Math.min(1_200, rng.exponential(100));
    }
    int first = Math.min(toOffset(second), DAY - 1 - at[count - 1]);
    boolean cardTesting = burst && rng.chance(0.4);
    for (int i = 0; i < count; i++) {
      int category =
          rng.chance(0.7)
              ? rng.pick(Category.FRAUD_CUMULATIVE)
              : rng.pick(Category.LEGIT_CUMULATIVE);
      int merchant = world.randomMerchant(rng, country, category);
      Category c = Category.ALL[category];
      long cents =
          cardTesting && i < 2
              ? 50 + rng.nextInt(250)
              : world.cents(merchant, rng.logNormal(c.medianUsd * 1.8, c.sigma));
      out.add(first + at[i], userId, merchant, cents, device, delay(rng), true);
    }
  }

  /** A second of the UTC day drawn from the daily rhythm. */
  private int usualSecond(Rng rng) {
    return rng.pick(HOURLY) * 3600 + rng.nextInt(3600);
  }

  private int toOffset(int secondOfUtcDay) {
    return Math.floorMod(secondOfUtcDay - startSecondOfDay, DAY);
  }

  /** Ingestion delay: seconds to minutes, and 1% late arrivals of 1-6 hours. */
  private static int delay(Rng rng) {
    if (rng.chance(0.01)) {
      return 3600 + rng.nextInt(5 * 3600);
    }
    return 1 + (int) Math.min(1_800, rng.logNormal(8, 1.3));
  }
}
