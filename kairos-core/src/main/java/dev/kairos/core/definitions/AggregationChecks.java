package dev.kairos.core.definitions;

import dev.kairos.api.Aggregation;
import dev.kairos.core.definitions.Declared.AggDecl;
import dev.kairos.core.definitions.Declared.FieldDecl;
import dev.kairos.core.definitions.Declared.SourceDecl;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a view's aggregations against its source: the column exists and the function fits it. */
final class AggregationChecks {
  private AggregationChecks() {}

  /** Reports each mistake once per {@code aggregations:} entry, not once per window. */
  static void check(
      String label,
      List<AggDecl> aggregations,
      SourceDecl source,
      Map<String, FieldDecl> fields,
      Problems problems) {
    Set<Pos> reported = new HashSet<>();
    for (AggDecl a : aggregations) {
      FieldDecl column = fields.get(a.column().name());
      if (column == null) {
        if (reported.add(a.column().pos())) {
          problems.add(
              a.column().pos(),
              "aggregation column '"
                  + a.column().name()
                  + "' of "
                  + label
                  + " is not a field of source '"
                  + source.name().name()
                  + "'"
                  + DefinitionsValidator.hint(
                      a.column().name(),
                      fields,
                      "its fields: " + String.join(", ", fields.keySet())));
        }
      } else if (a.function() != null
          && column.type() != null
          && !a.function().accepts(column.type())
          && reported.add(a.functionPos())) {
        problems.add(
            a.functionPos(),
            "function "
                + a.function().id()
                + " of "
                + label
                + " cannot aggregate column '"
                + a.column().name()
                + "' of type "
                + column.type()
                + "; "
                + a.function().id()
                + " takes "
                + a.function().acceptedTypes());
      }
    }
  }

  /** The aggregations of a view whose checks passed, typed by their function and column. */
  static List<Aggregation> build(List<AggDecl> aggregations, Map<String, FieldDecl> fields) {
    List<Aggregation> out = new ArrayList<>();
    for (AggDecl a : aggregations) {
      var column = fields.get(a.column().name()).type();
      out.add(
          new Aggregation(
              a.name().name(),
              a.column().name(),
              a.function(),
              a.window(),
              a.function().resultType(column)));
    }
    return out;
  }
}
