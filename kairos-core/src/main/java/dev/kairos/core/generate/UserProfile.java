package dev.kairos.core.generate;

/** A card holder's habits, derived from (seed, user id) alone so any day can be simulated alone. */
final class UserProfile {
  /** Mean legitimate purchases per user per day, before follow-ups, weekends and fraud. */
  static final double MEAN_DAILY_PURCHASES = 2.0;

  private static final long RATE_STREAM = -10;
  private static final long HABIT_STREAM = -11;
  private static final double RATE_SIGMA = 0.6;

  final int home;
  final double dailyRate;
  final double spend;
  final int shiftSeconds;
  final int[] merchants;
  final long[] devices;

  UserProfile(World world, int userId) {
    this.dailyRate = dailyRate(world.seed, userId);
    Rng rng = Rng.of(world.seed, userId, HABIT_STREAM);
    this.home = rng.pick(Country.CUMULATIVE);
    this.spend = rng.logNormal(1.0, 0.3);
    this.shiftSeconds = rng.nextInt(4 * 3600 + 1) - 2 * 3600;
    this.merchants = new int[4 + rng.nextInt(5)];
    for (int i = 0; i < merchants.length; i++) {
      merchants[i] = world.randomMerchant(rng, home, rng.pick(Category.LEGIT_CUMULATIVE));
    }
    this.devices = new long[1 + rng.nextInt(3)];
    for (int i = 0; i < devices.length; i++) {
      devices[i] = rng.nextLong() & 0xFFFF_FFFF_FFFFL;
    }
  }

  /** Log-normally spread around {@link #MEAN_DAILY_PURCHASES}: a few heavy users, many light. */
  static double dailyRate(long seed, int userId) {
    Rng rng = Rng.of(seed, userId, RATE_STREAM);
    double meanOne = rng.logNormal(1.0, RATE_SIGMA) * StrictMath.exp(-RATE_SIGMA * RATE_SIGMA / 2);
    return Math.min(20.0, Math.max(0.1, MEAN_DAILY_PURCHASES * meanOne));
  }

  /** Usual merchants first and most often (Zipf-like), now and then a new shop at home. */
  int legitMerchant(World world, Rng rng) {
    if (rng.chance(0.85)) {
      int i = rng.nextInt(merchants.length);
      return merchants[rng.chance(0.5) ? Math.min(i, rng.nextInt(merchants.length)) : i];
    }
    return world.randomMerchant(rng, home, rng.pick(Category.LEGIT_CUMULATIVE));
  }

  long legitDevice(Rng rng) {
    if (rng.chance(0.003)) {
      // A legitimately new phone or browser, so a new device alone never proves fraud.
      return rng.nextLong() & 0xFFFF_FFFF_FFFFL;
    }
    return rng.chance(0.8) ? devices[0] : devices[rng.nextInt(devices.length)];
  }
}
