package dev.kairos.core.definitions;

import dev.kairos.api.FeatureRef;
import dev.kairos.api.ValueType;
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
      String validation) {}

  record ViewDecl(
      Named name,
      List<Named> entities,
      Named source,
      Duration ttl,
      List<FieldDecl> features,
      boolean online,
      Map<String, String> tags,
      String owner,
      String description) {}

  /** {@code ref} is null when {@code text} is not of the form view:feature (already reported). */
  record RefDecl(FeatureRef ref, String text, Pos pos) {}

  record ServiceDecl(Named name, List<RefDecl> refs, String description) {}
}
