package dev.kairos.core.definitions;

import dev.kairos.api.AggregationFunction;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;
import dev.kairos.api.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Definitions as written, with positions, before cross-checking. Values that were missing or wrong
 * (already reported) are null so checks that depend on them are skipped instead of piling up.
 */
final class Declared {
  final List<EntityDecl> entities = new ArrayList<>();
  final List<SourceDecl> sources = new ArrayList<>();
  final List<ViewDecl> views = new ArrayList<>();
  final List<ServiceDecl> services = new ArrayList<>();
  final List<OnDemandDecl> onDemandViews = new ArrayList<>();

  /** A name or a reference to one, with where it is written. */
  record Named(String name, Pos pos) {}

  record FieldDecl(Named name, ValueType type) {}

  record EntityDecl(Named name, List<Named> joinKeys, ValueType type, String description) {}

  record SourceDecl(
      Named name,
      String table,
      List<FieldDecl> fields,
      Named timestampField,
      Named createdTimestampField,
      String description,
      String validation,
      dev.kairos.api.StreamSettings stream) {}

  record ViewDecl(
      Named name,
      List<Named> entities,
      Named source,
      Duration ttl,
      List<FieldDecl> features,
      List<AggDecl> aggregations,
      boolean online,
      Map<String, String> tags,
      String owner,
      String description) {}

  /**
   * One feature of an {@code aggregations:} entry: the entry's column and function, one of its
   * windows, and the feature's name (the default {@code <column>_<function>_<window>} or the
   * entry's {@code name:}), written at {@code name.pos()}. {@code function} is null when unknown;
   * {@code window} and {@code name} are null when the function or the window is wrong (reported).
   */
  record AggDecl(
      Named column, AggregationFunction function, Pos functionPos, Window window, Named name) {}

  /** A request-time feature; {@code expressionPos} is where the expression's text starts. */
  record ExpressionDecl(
      Named name,
      ValueType type,
      String expression,
      Pos expressionPos,
      int expressionColumnShift) {}

  record OnDemandDecl(
      Named name, List<FieldDecl> request, List<ExpressionDecl> features, String description) {}

  /** {@code ref} is null when {@code text} is not of the form view:feature (already reported). */
  record RefDecl(FeatureRef ref, String text, Pos pos) {}

  /** {@code sampleRate} is null when malformed (already reported). */
  record ServiceDecl(Named name, List<RefDecl> refs, String description, Double sampleRate) {}
}
