package dev.kairos.core.generate;

/**
 * A small SplitMix64 generator. Kairos owns its random numbers (and uses {@link StrictMath}) so a
 * seed yields the same bytes on every JVM version and platform, which {@code java.util.Random}
 * subclasses and {@code Math} intrinsics do not promise.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  private Rng(long state) {
    this.state = state;
  }

  /** An independent stream for the coordinates {@code (seed, a, b)}, e.g. (seed, user, day). */
  static Rng of(long seed, long a, long b) {
    return new Rng(hash(seed, a, b));
  }

  static long hash(long seed, long a, long b) {
    return mix(seed + mix(a * GOLDEN + mix(b ^ 0x632BE59BD9B4E019L)));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), bound below 2^31. */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 33) * bound) >>> 31);
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  double gaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }

  /** Log-normal with the given median and log-space standard deviation. */
  double logNormal(double median, double sigma) {
    return median * StrictMath.exp(sigma * gaussian());
  }

  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - nextDouble());
  }

  /** Knuth's method: exact and fast for the small means used here (a few per day). */
  int poisson(double mean) {
    double limit = StrictMath.exp(-mean);
    int k = 0;
    double p = nextDouble();
    while (p > limit) {
      k++;
      p *= nextDouble();
    }
    return k;
  }

  /** An index drawn with probability proportional to {@code cumulative[i] - cumulative[i-1]}. */
  int pick(double[] cumulative) {
    double x = nextDouble() * cumulative[cumulative.length - 1];
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (x < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }
}
