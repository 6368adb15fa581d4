package dev.kairos.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.KairosException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorOutputTest {
  private static final GeneratorConfig CONFIG = new GeneratorConfig(200, 5, 11);
  private static final String HEADER =
      "transaction_id,user_id,merchant_id,merchant_category,amount,currency,country,device_id,"
          + "event_timestamp,created_timestamp,is_fraud";

  @TempDir Path dir;

  @Test
  void write_csv_startsWithTheHeader_andHoldsExactlyTheStreamedRows() throws Exception {
    GenerationSummary summary = GeneratorOutput.write(CONFIG, dir.resolve("tx.csv"));
    List<String> lines = Files.readAllLines(dir.resolve("tx.csv"), StandardCharsets.US_ASCII);
    List<Object[]> streamed = Rows.raw(CONFIG);
    assertThat(lines.get(0)).isEqualTo(HEADER);
    assertThat(lines).hasSize(streamed.size() + 1);
    for (int i = 0; i < streamed.size(); i++) {
      assertThat(lines.get(i + 1)).isEqualTo(csvLine(streamed.get(i)));
    }
    long fraud = streamed.stream().filter(r -> (Integer) r[10] == 1).count();
    assertThat(summary)
        .isEqualTo(new GenerationSummary(dir.resolve("tx.csv"), streamed.size(), fraud));
    assertThat(lines.get(1))
        .matches(
            "tx-0000000001,\\d+,\\d+,[a-z_]+,\\d+\\.\\d\\d,[A-Z]{3},"
                + "[A-Z]{2},dev-[0-9a-f]{12},2026-01-0\\dT\\d\\d:\\d\\d:\\d\\dZ,2026-01-0\\dT\\d\\d:\\d\\d:\\d\\dZ,[01]");
  }

  @Test
  void write_sameConfigTwice_producesIdenticalBytes_andAnotherSeedDifferentOnes() throws Exception {
    GeneratorOutput.write(CONFIG, dir.resolve("a.csv"));
    GeneratorOutput.write(CONFIG, dir.resolve("b.csv"));
    GeneratorOutput.write(new GeneratorConfig(200, 5, 12), dir.resolve("c.csv"));
    byte[] a = Files.readAllBytes(dir.resolve("a.csv"));
    assertThat(a.length).isGreaterThan(100_000);
    assertThat(Files.readAllBytes(dir.resolve("b.csv"))).isEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("c.csv"))).isNotEqualTo(a);
  }

  @Test
  void write_parquet_holdsTheSameTypedRowsInTheSameOrderAsTheCsv() throws Exception {
    Path csv = dir.resolve("tx.csv");
    Path parquet = dir.resolve("out/tx.parquet");
    GenerationSummary fromCsv = GeneratorOutput.write(CONFIG, csv);
    GenerationSummary fromParquet = GeneratorOutput.write(CONFIG, parquet);
    assertThat(fromParquet.rows()).isEqualTo(fromCsv.rows());
    assertThat(fromParquet.fraudRows()).isEqualTo(fromCsv.fraudRows());
    assertThat(dir.resolve("out")).isDirectoryContaining(p -> p.equals(parquet));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      List<String> types = new ArrayList<>();
      try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + parquet + "')")) {
        while (r.next()) {
          types.add(r.getString("column_name") + " " + r.getString("column_type"));
        }
      }
      assertThat(types)
          .containsExactly(
              "transaction_id VARCHAR",
              "user_id BIGINT",
              "merchant_id BIGINT",
              "merchant_category VARCHAR",
              "amount DOUBLE",
              "currency VARCHAR",
              "country VARCHAR",
              "device_id VARCHAR",
              "event_timestamp TIMESTAMP WITH TIME ZONE",
              "created_timestamp TIMESTAMP WITH TIME ZONE",
              "is_fraud INTEGER");
      List<String> lines = Files.readAllLines(csv, StandardCharsets.US_ASCII);
      String query =
          "SELECT transaction_id, user_id, merchant_id, merchant_category, amount, currency,"
              + " country, device_id, epoch(event_timestamp)::BIGINT,"
              + " epoch(created_timestamp)::BIGINT, is_fraud FROM read_parquet('"
              + parquet
              + "')";
      int line = 1;
      try (ResultSet r = s.executeQuery(query)) {
        while (r.next()) {
          Object[] row = {
            r.getString(1),
            r.getLong(2),
            r.getLong(3),
            r.getString(4),
            r.getDouble(5),
            r.getString(6),
            r.getString(7),
            r.getString(8),
            Instant.ofEpochSecond(r.getLong(9)),
            Instant.ofEpochSecond(r.getLong(10)),
            r.getInt(11)
          };
          assertThat(csvLine(row)).as("row %d", line).isEqualTo(lines.get(line));
          line++;
        }
      }
      assertThat(line).isEqualTo(lines.size());
    }
  }

  @Test
  void write_unknownExtension_isAUserErrorNamingTheValidOnes() {
    Path file = dir.resolve("tx.json");
    assertThatThrownBy(() -> GeneratorOutput.write(CONFIG, file))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessage("Cannot write " + file + ": unknown extension .json; use .csv or .parquet");
    assertThat(file).doesNotExist();
  }

  @Test
  void write_fileWithoutExtension_isAUserError() {
    Path file = dir.resolve("transactions");
    assertThatThrownBy(() -> GeneratorOutput.write(CONFIG, file))
        .isInstanceOf(KairosException.class)
        .hasMessage("Cannot write " + file + ": it has no extension; use .csv or .parquet");
  }

  @Test
  void write_belowARegularFile_isAUserErrorKeepingTheCause() throws Exception {
    Files.writeString(dir.resolve("plain"), "not a folder");
    Path file = dir.resolve("plain/tx.csv");
    assertThatThrownBy(() -> GeneratorOutput.write(CONFIG, file))
        .isInstanceOfSatisfying(
            KairosException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER))
        .hasMessageStartingWith("Cannot write " + file + ": java.nio.file.")
        .hasMessageEndingWith("; choose a path in a writable folder")
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void write_oneMillionTransactionsToCsv_takesLessThanTenSeconds() throws Exception {
    GeneratorConfig config = new GeneratorConfig(15_000, 31, 1);
    long started = System.nanoTime();
    GenerationSummary summary = GeneratorOutput.write(config, dir.resolve("big.csv"));
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(summary.rows()).isGreaterThan(1_000_000);
    assertThat(seconds).isLessThan(10.0);
  }

  /** The CSV line for a streamed row, built independently of the fast writer. */
  private static String csvLine(Object[] row) {
    return String.format(
        Locale.ROOT,
        "%s,%d,%d,%s,%.2f,%s,%s,%s,%s,%s,%d",
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        row[10]);
  }
}
