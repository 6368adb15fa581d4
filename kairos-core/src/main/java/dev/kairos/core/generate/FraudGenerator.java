package dev.kairos.core.generate;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.Field;
import dev.kairos.api.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

/**
 * Generates synthetic card transactions with learnable fraud patterns (see {@code
 * docs/fraud-data.md}). Rows come out sorted by {@code event_timestamp}; ties are broken by user
 * id. The output is a pure function of the {@link GeneratorConfig}: it never reads the clock and
 * uses no threads.
 *
 * <p>Volume: about {@link #ROWS_PER_USER_PER_DAY} rows per user and day, so 10,000 users over 30
 * days give about 660,000 rows, of which about 2% are fraud. {@link #estimateRows()} gives the
 * expected count for a config.
 *
 * <p>An instance is not safe for concurrent use; create one per thread (they are cheap).
 */
public final class FraudGenerator {
  /** The columns, in order, with their Kairos types. */
  public static final List<Field> SCHEMA =
      List.of(
          new Field("transaction_id", ValueType.STRING),
          new Field("user_id", ValueType.INT64),
          new Field("merchant_id", ValueType.INT64),
          new Field("merchant_category", ValueType.STRING),
          new Field("amount", ValueType.DOUBLE),
          new Field("currency", ValueType.STRING),
          new Field("country", ValueType.STRING),
          new Field("device_id", ValueType.STRING),
          new Field("event_timestamp", ValueType.TIMESTAMP),
          new Field("created_timestamp", ValueType.TIMESTAMP),
          new Field("is_fraud", ValueType.INT32));

  /** The average number of rows per user and day (legitimate and fraudulent together). */
  public static final double ROWS_PER_USER_PER_DAY =
      UserProfile.MEAN_DAILY_PURCHASES * (1 + DaySimulator.FOLLOW_UP)
          + DaySimulator.EPISODE * DaySimulator.MEAN_EPISODE_ROWS;

  private static final int REPORT_EVERY = 1 << 16;

  private final GeneratorConfig config;
  private final World world;
  private long estimate = -1;

  public FraudGenerator(GeneratorConfig config) {
    this.config = requireNonNull(config, "config");
    this.world = new World(config);
  }

  public GeneratorConfig config() {
    return config;
  }

  /**
   * The expected number of rows for this config (within a few percent of the real count for more
   * than a few hundred users). Costs one pass over the users, no generation.
   */
  public long estimateRows() {
    if (estimate < 0) {
      double rates = 0;
      for (int u = 1; u <= config.users(); u++) {
        rates += UserProfile.dailyRate(config.seed(), u);
      }
      double days = 0;
      for (int d = 0; d < config.days(); d++) {
        days += dayFactor(d);
      }
      double legit = rates * days * (1 + DaySimulator.FOLLOW_UP);
      double fraud =
          (double) config.users()
              * config.days()
              * DaySimulator.EPISODE
              * DaySimulator.MEAN_EPISODE_ROWS;
      estimate = Math.round(legit + fraud);
    }
    return estimate;
  }

  /**
   * Streams every row to {@code sink} in event-time order. Each row is a fresh array of {@link
   * #SCHEMA}'s size holding, in order: String, Long, Long, String, Double (two decimals), String,
   * String, String, Instant, Instant, Integer (0 or 1). Nothing is null.
   */
  public void generate(Consumer<Object[]> sink) {
    generate(sink, ProgressListener.NONE);
  }

  /** Like {@link #generate(Consumer)}, reporting progress to {@code progress}. */
  public void generate(Consumer<Object[]> sink, ProgressListener progress) {
    requireNonNull(sink, "sink");
    try {
      run(
          (tx, user, merchant, cents, device, event, created, fraud) ->
              sink.accept(
                  new Object[] {
                    transactionId(tx),
                    (long) user,
                    (long) merchant,
                    world.category(merchant).label,
                    cents / 100.0,
                    world.country(merchant).currency,
                    world.country(merchant).name(),
                    deviceId(device),
                    Instant.ofEpochSecond(event),
                    Instant.ofEpochSecond(created),
                    fraud ? 1 : 0
                  }),
          progress);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  World world() {
    return world;
  }

  /** Generates day by day: simulate every user, sort the day, emit it. */
  void run(RowSink sink, ProgressListener progress) throws IOException {
    requireNonNull(progress, "progress");
    long expected = estimateRows();
    long startSecond = config.start().getEpochSecond();
    DaySimulator simulator = new DaySimulator(world, startSecond);
    DayBatch batch = new DayBatch();
    long row = 0;
    for (int day = 0; day < config.days(); day++) {
      batch.clear();
      double factor = dayFactor(day);
      for (int u = 1; u <= config.users(); u++) {
        simulator.simulate(new UserProfile(world, u), u, day, factor, batch);
      }
      batch.sort();
      long dayStart = startSecond + (long) day * DaySimulator.DAY;
      for (int p = 0; p < batch.size; p++) {
        int i = batch.sorted(p);
        long event = dayStart + batch.offset[i];
        row++;
        sink.accept(
            row,
            batch.user[i],
            batch.merchant[i],
            batch.cents[i],
            batch.device[i],
            event,
            event + batch.delay[i],
            batch.fraud[i]);
        if ((row & (REPORT_EVERY - 1)) == 0) {
          progress.onProgress(row, Math.max(expected, row));
        }
      }
      if (day == config.days() - 1) {
        progress.onProgress(row, row);
      } else {
        progress.onProgress(row, Math.max(expected, row));
      }
    }
  }

  /** Weekends are busier: 1.2 on Saturday and Sunday, 0.92 otherwise (a mean of 1 per week). */
  private double dayFactor(int day) {
    long second = config.start().getEpochSecond() + (long) day * DaySimulator.DAY;
    DayOfWeek dow =
        LocalDate.ofInstant(Instant.ofEpochSecond(second), ZoneOffset.UTC).getDayOfWeek();
    return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 1.2 : 0.92;
  }

  /** {@code tx-} and the 1-based row number, zero-padded to 10 digits. */
  static String transactionId(long row) {
    String digits = Long.toString(row);
    return "tx-" + "0".repeat(Math.max(0, 10 - digits.length())) + digits;
  }

  /** {@code dev-} and 12 lower-case hex digits. */
  static String deviceId(long code) {
    String hex = Long.toHexString(code);
    return "dev-" + "0".repeat(12 - hex.length()) + hex;
  }
}
