package dev.kairos.quality.internal;

import static dev.kairos.quality.internal.Kwarg.BOOLEAN;
import static dev.kairos.quality.internal.Kwarg.BOUND;
import static dev.kairos.quality.internal.Kwarg.DURATION;
import static dev.kairos.quality.internal.Kwarg.FRACTION;
import static dev.kairos.quality.internal.Kwarg.IGNORE_ROW_IF;
import static dev.kairos.quality.internal.Kwarg.INTEGER;
import static dev.kairos.quality.internal.Kwarg.NUMBER_OR_NULL;
import static dev.kairos.quality.internal.Kwarg.REGEX;
import static dev.kairos.quality.internal.Kwarg.STRING;
import static dev.kairos.quality.internal.Kwarg.STRING_LIST;
import static dev.kairos.quality.internal.Kwarg.TYPE_NAME;
import static dev.kairos.quality.internal.Kwarg.VALUE_LIST;

import dev.kairos.quality.ExpectationConfig;
import dev.kairos.quality.internal.TableExpectations.Stat;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every supported expectation type: its arguments and how to evaluate it. */
final class Catalog {
  /** The Kairos freshness rule, in Kairos' own namespace. */
  static final String FRESH = "kairos_expect_column_values_to_be_fresh";

  /** Arguments Great Expectations accepts on every expectation; they do not change the outcome. */
  static final Map<String, Kwarg> COMMON =
      Map.of("result_format", Kwarg.ANY, "include_config", BOOLEAN, "catch_exceptions", BOOLEAN);

  interface Factory {
    Evaluator create(ExpectationConfig config, List<String> header, Clock clock);
  }

  record Spec(Map<String, Kwarg> required, Map<String, Kwarg> optional, Factory factory) {
    Kwarg kind(String kwarg) {
      Kwarg k = required.get(kwarg);
      k = k != null ? k : optional.get(kwarg);
      return k != null ? k : COMMON.get(kwarg);
    }
  }

  static final Map<String, Spec> SPECS = new TreeMap<>();

  private static final Map<String, Kwarg> BOUNDS =
      ordered("min_value", BOUND, "max_value", BOUND, "strict_min", BOOLEAN, "strict_max", BOOLEAN);

  static {
    SPECS.put(
        "expect_column_to_exist",
        new Spec(Map.of("column", STRING), Map.of("column_index", INTEGER), Catalog::schema));
    SPECS.put(
        "expect_table_columns_to_match_set",
        new Spec(
            Map.of("column_set", STRING_LIST), Map.of("exact_match", BOOLEAN), Catalog::schema));
    SPECS.put(
        "expect_table_columns_to_match_ordered_list",
        new Spec(Map.of("column_list", STRING_LIST), Map.of(), Catalog::schema));
    SPECS.put(
        "expect_table_row_count_to_be_between",
        new Spec(
            Map.of(),
            ordered("min_value", NUMBER_OR_NULL, "max_value", NUMBER_OR_NULL),
            (c, h, k) -> new TableExpectations.RowCount(c)));
    column("expect_column_values_to_not_be_null", mostly(), RowExpectations.NotNull::new);
    column("expect_column_values_to_be_between", mostly(BOUNDS), RowExpectations.Between::new);
    column(
        "expect_column_values_to_be_in_set",
        Map.of("value_set", VALUE_LIST),
        mostly(),
        RowExpectations.InSet::new);
    column(
        "expect_column_values_to_match_regex",
        Map.of("regex", REGEX),
        mostly(),
        RowExpectations.Regex::new);
    column(
        "expect_column_values_to_be_of_type",
        Map.of("type_", TYPE_NAME),
        mostly(),
        RowExpectations.OfType::new);
    column(
        "expect_column_values_to_be_unique",
        Map.of(),
        mostly(),
        (c, i) -> new TableExpectations.Unique(c, new int[] {i}));
    column("expect_column_mean_to_be_between", BOUNDS, (c, i) -> stat(c, i, Stat.MEAN));
    column("expect_column_min_to_be_between", BOUNDS, (c, i) -> stat(c, i, Stat.MIN));
    column("expect_column_max_to_be_between", BOUNDS, (c, i) -> stat(c, i, Stat.MAX));
    SPECS.put(
        "expect_compound_columns_to_be_unique",
        new Spec(
            Map.of("column_list", STRING_LIST),
            mostly(ordered("ignore_row_if", IGNORE_ROW_IF)),
            Catalog::compound));
    SPECS.put(
        "expect_column_pair_values_a_to_be_greater_than_b",
        new Spec(
            Map.of("column_A", STRING, "column_B", STRING),
            mostly(ordered("or_equal", BOOLEAN, "ignore_row_if", IGNORE_ROW_IF)),
            Catalog::pair));
    SPECS.put(
        FRESH,
        new Spec(
            Map.of("column", STRING, "max_age", DURATION),
            mostly(ordered("future_tolerance", DURATION)),
            (c, h, clock) ->
                resolve(
                    c,
                    h,
                    (String) c.kwargs().get("column"),
                    i -> new RowExpectations.Fresh(c, i, clock))));
  }

  private Catalog() {}

  private interface ColumnFactory {
    Evaluator create(ExpectationConfig config, int column);
  }

  private static void column(String type, Map<String, Kwarg> optional, ColumnFactory f) {
    column(type, Map.of(), optional, f);
  }

  private static void column(
      String type, Map<String, Kwarg> required, Map<String, Kwarg> optional, ColumnFactory f) {
    Map<String, Kwarg> req = new LinkedHashMap<>();
    req.put("column", STRING);
    req.putAll(required);
    SPECS.put(
        type,
        new Spec(
            req,
            optional,
            (c, h, clock) ->
                resolve(c, h, (String) c.kwargs().get("column"), i -> f.create(c, i))));
  }

  private static Evaluator resolve(
      ExpectationConfig c,
      List<String> header,
      String column,
      java.util.function.IntFunction<Evaluator> f) {
    int i = header.indexOf(column);
    return i < 0 ? new Evaluator.MissingColumn(c, column) : f.apply(i);
  }

  private static Evaluator schema(ExpectationConfig c, List<String> header, Clock clock) {
    return new TableExpectations.Schema(c, header);
  }

  private static Evaluator stat(ExpectationConfig c, int column, Stat stat) {
    return new TableExpectations.ColumnStat(c, column, stat);
  }

  private static Evaluator compound(ExpectationConfig c, List<String> header, Clock clock) {
    List<String> names = TableExpectations.Schema.stringList(c.kwargs().get("column_list"));
    int[] columns = new int[names.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = header.indexOf(names.get(i));
      if (columns[i] < 0) {
        return new Evaluator.MissingColumn(c, names.get(i));
      }
    }
    return new TableExpectations.Unique(c, columns);
  }

  private static Evaluator pair(ExpectationConfig c, List<String> header, Clock clock) {
    String a = (String) c.kwargs().get("column_A");
    String b = (String) c.kwargs().get("column_B");
    int ib = header.indexOf(b);
    return resolve(
        c,
        header,
        a,
        ia ->
            ib < 0
                ? new Evaluator.MissingColumn(c, b)
                : new TableExpectations.PairGreater(c, ia, ib));
  }

  private static Map<String, Kwarg> mostly() {
    return Map.of("mostly", FRACTION);
  }

  private static Map<String, Kwarg> mostly(Map<String, Kwarg> others) {
    Map<String, Kwarg> m = new LinkedHashMap<>(others);
    m.put("mostly", FRACTION);
    return m;
  }

  private static Map<String, Kwarg> ordered(Object... pairs) {
    Map<String, Kwarg> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (Kwarg) pairs[i + 1]);
    }
    return m;
  }
}
