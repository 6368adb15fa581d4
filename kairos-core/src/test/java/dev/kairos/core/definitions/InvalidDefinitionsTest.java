package dev.kairos.core.definitions;

import static dev.kairos.core.definitions.DefinitionsLoaderTest.BASE;
import static dev.kairos.core.definitions.DefinitionsLoaderTest.assertFails;
import static dev.kairos.core.definitions.DefinitionsLoaderTest.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each test breaks the valid base set in one way and asserts the exact message a user sees. */
class InvalidDefinitionsTest {
  static final String TYPES =
      "INT32, INT64, FLOAT, DOUBLE, STRING, BOOL, BYTES, TIMESTAMP, INT32_LIST, INT64_LIST,"
          + " FLOAT_LIST, DOUBLE_LIST, STRING_LIST, BOOL_LIST, BYTES_LIST, TIMESTAMP_LIST";

  @Test
  void yamlSyntaxError_isReportedWithItsPosition() {
    assertFails(
        with("    ttl: 7d\n", "    ttl: 7d\n   owner: [x\n"),
        "features/fraud.yaml:20:4: invalid YAML: expected <block end>, but found '<block mapping start>'; check the indentation and quoting here");
  }

  @Test
  void unknownKey_suggestsTheNearestValidKey() {
    assertFails(
        with("    join_keys: [user_id]", "    join_key: [user_id]"),
        "features/fraud.yaml:2:5: entity 'user' is missing required key 'join_keys' (a list like [user_id])\n"
            + "features/fraud.yaml:3:5: unknown key 'join_key' in entity 'user'; did you mean 'join_keys'?");
  }

  @Test
  void unknownKey_withoutNearMatch_listsTheValidKeys() {
    assertFails(
        with("    value_type: INT64", "    value_type: INT64\n    colour: red"),
        "features/fraud.yaml:5:5: unknown key 'colour' in entity 'user'; valid keys: name, join_keys, value_type, description");
  }

  @Test
  void unknownTopLevelKey_suggestsTheNearest() {
    assertFails(
        with("feature_services:", "feature_service:"),
        "features/fraud.yaml:23:1: unknown key 'feature_service' in a definition file; did you mean 'feature_services'?");
  }

  @Test
  void missingRequiredKey_namesTheObjectAndWhatToWrite() {
    assertFails(
        with("    value_type: INT64\n", ""),
        "features/fraud.yaml:2:5: entity 'user' is missing required key 'value_type' (the type of its join keys, such as INT64)");
  }

  @Test
  void missingName_isReported() {
    assertFails(
        with("  - name: fraud_v1\n    features:", "  - features:"),
        "features/fraud.yaml:24:5: feature service is missing required key 'name' (a name made of letters, digits and underscores)");
  }

  @Test
  void wrongNodeKind_forAList() {
    assertFails(
        with("    join_keys: [user_id]", "    join_keys: user_id"),
        "features/fraud.yaml:3:16: key 'join_keys' of entity 'user' must be a list like [user_id], not a single value");
  }

  @Test
  void wrongNodeKind_forAnObject() {
    assertFails(
        with("  - name: user\n", "  - user\n")
            .replace("    join_keys: [user_id]\n    value_type: INT64\n", ""),
        "features/fraud.yaml:2:5: entity must be a mapping of keys like 'name: ...', not a single value\n"
            + "features/fraud.yaml:15:16: feature view 'user_stats' references unknown entity 'user'; known entities: (none)");
  }

  @Test
  void wrongNodeKind_forASingleValue() {
    assertFails(
        with("    source: transactions", "    source: [transactions]"),
        "features/fraud.yaml:18:13: key 'source' of feature view 'user_stats' must be a single value, not a list");
  }

  @Test
  void duplicateEntity_pointsAtTheSecondAndNamesTheFirst() {
    assertFails(
        with(
            "sources:",
            "  - name: user\n    join_keys: [user_id]\n    value_type: INT64\nsources:"),
        "features/fraud.yaml:5:11: duplicate entity 'user' (first declared at line 2:11); rename or remove one");
  }

  @Test
  void duplicateView_acrossFiles_namesTheOtherFile() {
    String view =
        "feature_views:\n  - name: user_stats\n    entities: [user]\n    source: transactions\n"
            + "    features: [{name: amount, type: DOUBLE}]\n";
    DefinitionsException e =
        catchThrowableOfType(
            DefinitionsException.class,
            () ->
                DefinitionsLoader.parse(
                    "fraud", Map.of("features/fraud.yaml", BASE, "features/z.yaml", view)));
    assertThat(e)
        .hasMessage(
            "features/z.yaml:2:11: duplicate feature view 'user_stats' (first declared at features/fraud.yaml:16:11); rename or remove one");
  }

  @Test
  void duplicateYamlKey_isReported() {
    assertFails(
        with("    ttl: 7d\n", "    ttl: 7d\n    ttl: 1d\n"),
        "features/fraud.yaml:20:5: key 'ttl' appears twice (first at line 19); remove one of them");
  }

  @Test
  void duplicateSourceField_isReported() {
    assertFails(
        with(
            "      - {name: country, type: STRING}\n      - {name: event",
            "      - {name: country, type: STRING}\n      - {name: amount, type: DOUBLE}\n      - {name: event"),
        "features/fraud.yaml:13:16: duplicate field 'amount' in source 'transactions' (first declared at line 11:16); rename or remove one");
  }

  @Test
  void unknownEntity_suggestsTheNearest() {
    assertFails(
        with("    entities: [user]", "    entities: [usr]"),
        "features/fraud.yaml:17:16: feature view 'user_stats' references unknown entity 'usr'; did you mean 'user'? (known entities: user)");
  }

  @Test
  void unknownSource_suggestsTheNearest() {
    assertFails(
        with("    source: transactions", "    source: transaction"),
        "features/fraud.yaml:18:13: feature view 'user_stats' references unknown source 'transaction'; did you mean 'transactions'? (known sources: transactions)");
  }

  @Test
  void unknownViewInService_suggestsTheNearest() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "[user_stat:amount]"),
        "features/fraud.yaml:25:16: feature service 'fraud_v1' references unknown feature view 'user_stat'; did you mean 'user_stats'? (known views: user_stats)");
  }

  @Test
  void unknownFeatureInService_listsTheViewsFeatures() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "[user_stats:amount, user_stats:cuntry]"),
        "features/fraud.yaml:25:35: feature service 'fraud_v1' references unknown feature 'cuntry' of view 'user_stats'; did you mean 'country'? (its features: amount, country)");
  }

  @Test
  void badTtl_explainsTheSyntax() {
    assertFails(
        with("    ttl: 7d", "    ttl: 7 days"),
        "features/fraud.yaml:19:10: bad ttl '7 days' in feature view 'user_stats'; write 0 (no limit) or a duration like 90s, 30m, 36h, 7d or 1d12h");
  }

  @Test
  void unknownType_listsTheValidOnes() {
    assertFails(
        with(
            "{name: amount, type: DOUBLE}\n      - {name: country",
            "{name: amount, type: DECIMAL}\n      - {name: country"),
        "features/fraud.yaml:11:30: unknown type 'DECIMAL'; valid types: "
            + TYPES
            + "\nfeatures/fraud.yaml:21:30: unknown type 'DECIMAL'; valid types: "
            + TYPES);
  }

  @Test
  void joinKeyMissingFromSource_saysWhatToAdd() {
    assertFails(
        with("    join_keys: [user_id]", "    join_keys: [card_id]"),
        "features/fraud.yaml:17:16: join key 'card_id' of entity 'user' is not a field of source 'transactions'; add a field 'card_id' to the source or key the view by another entity");
  }

  @Test
  void joinKeyWithAnotherType_isReported() {
    assertFails(
        with("    value_type: INT64", "    value_type: STRING"),
        "features/fraud.yaml:17:16: join key 'user_id' of entity 'user' has type STRING but field 'user_id' of source 'transactions' has type INT64; make the types match");
  }

  @Test
  void featureAbsentFromSource_suggestsTheNearestField() {
    assertFails(
        with(
                "      - {name: amount, type: DOUBLE}\n      - {name: country, type: STRING}\nfeature_services",
                "      - {name: amount, type: DOUBLE}\n      - {name: contry, type: STRING}\nfeature_services")
            .replace("user_stats:country]", "user_stats:contry]"),
        "features/fraud.yaml:22:16: feature 'contry' of feature view 'user_stats' is not a field of source 'transactions'; did you mean 'country'? (features are read from source fields of the same name)");
  }

  @Test
  void featureWithAnotherTypeThanItsSourceField_isReported() {
    assertFails(
        with(
            "      - {name: country, type: STRING}\nfeature_services",
            "      - {name: country, type: BYTES}\nfeature_services"),
        "features/fraud.yaml:22:16: feature 'country' of feature view 'user_stats' has type BYTES but field 'country' of source 'transactions' has type STRING; make the types match");
  }

  @Test
  void timestampFieldMissingFromSource_isReported() {
    assertFails(
        with("    timestamp_field: event_timestamp", "    timestamp_field: event_time"),
        "features/fraud.yaml:7:22: timestamp_field 'event_time' is not a field of source 'transactions'; did you mean 'event_timestamp'? (or add it to fields with type TIMESTAMP)");
  }

  @Test
  void createdTimestampFieldOfWrongType_isReported() {
    assertFails(
        with(
            "{name: created_timestamp, type: TIMESTAMP}", "{name: created_timestamp, type: INT64}"),
        "features/fraud.yaml:8:30: created_timestamp_field 'created_timestamp' of source 'transactions' has type INT64; it must be TIMESTAMP");
  }

  @Test
  void emptyFeatureList_isReported() {
    assertFails(
        with(
                "    features:\n      - {name: amount, type: DOUBLE}\n      - {name: country, type: STRING}\n",
                "    features: []\n")
            .replace("[user_stats:amount, user_stats:country]", "[user_stats:*]"),
        "features/fraud.yaml:20:15: feature view 'user_stats' has no features; list at least one, like {name: amount, type: DOUBLE}");
  }

  @Test
  void badFeatureReferenceSyntax_isReported() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "[user_stats:amount, user_stats.country]"),
        "features/fraud.yaml:25:35: bad feature reference 'user_stats.country' in feature service 'fraud_v1'; write view:feature, or view:* for every feature of a view");
  }

  @Test
  void serviceWithDuplicateReference_isReported() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "[user_stats:amount, user_stats:amount]"),
        "features/fraud.yaml:25:35: feature service 'fraud_v1' lists 'user_stats:amount' twice (first at 25:16); remove one");
  }

  @Test
  void serviceListingAFeatureAlsoCoveredByAWildcard_isReported() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "[user_stats:*, user_stats:amount]"),
        "features/fraud.yaml:25:30: feature service 'fraud_v1' lists 'user_stats:amount' but 'user_stats:*' (at 25:16) already includes it; remove one");
  }

  @Test
  void invalidName_explainsTheRule() {
    assertFails(
        with("  - name: fraud_v1", "  - name: fraud-v1"),
        "features/fraud.yaml:24:11: invalid feature service name 'fraud-v1'; use letters, digits and underscores, starting with a letter or underscore");
  }

  @Test
  void onlineMustBeABoolean() {
    assertFails(
        with("    ttl: 7d", "    ttl: 7d\n    online: yes please"),
        "features/fraud.yaml:20:13: key 'online' of feature view 'user_stats' must be true or false, not 'yes please'");
  }

  @Test
  void tagsMustBeAMapping() {
    assertFails(
        with("    ttl: 7d", "    ttl: 7d\n    tags: [risk]"),
        "features/fraud.yaml:20:11: tags of feature view 'user_stats' must be a mapping like {team: risk}, not a list");
  }

  @Test
  void entityWithoutJoinKeys_isReported() {
    assertFails(
        with("    join_keys: [user_id]", "    join_keys: []"),
        "features/fraud.yaml:3:16: entity 'user' has no join keys; list at least one, like [user_id]");
  }

  @Test
  void featureReferenceWithASpaceAfterTheColon_explainsTheSyntax() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "\n      - user_stats: amount"),
        "features/fraud.yaml:26:9: each feature reference of feature service 'fraud_v1' must be written view:feature, without a space after the colon");
  }

  @Test
  void duplicateTag_isReported() {
    assertFails(
        with("    ttl: 7d", "    ttl: 7d\n    tags: {team: risk, team: fraud}"),
        "features/fraud.yaml:20:24: key 'team' appears twice (first at line 20); remove one of them");
  }

  @Test
  void entityInAnotherFile_isResolved_andItsBadTypeDoesNotCascade() {
    DefinitionsException e =
        catchThrowableOfType(
            DefinitionsException.class,
            () ->
                DefinitionsLoader.parse(
                    "fraud",
                    Map.of(
                        "features/a.yaml",
                        "entities:\n  - name: user\n    join_keys: [user_id]\n    value_type: INTEGER\n",
                        "features/b.yaml",
                        with(
                            "  - name: user\n    join_keys: [user_id]\n    value_type: INT64\n",
                            "  - name: card\n    join_keys: [card_id]\n    value_type: INT64\n"))));
    assertThat(e).hasMessage("features/a.yaml:4:17: unknown type 'INTEGER'; valid types: " + TYPES);
  }

  @Test
  void serviceWithNoFeatures_isReported() {
    assertFails(
        with("[user_stats:amount, user_stats:country]", "[]"),
        "features/fraud.yaml:25:15: feature service 'fraud_v1' has no features; list references like view:feature or view:*");
  }

  @Test
  void severalErrors_areAllReported_sortedByLine() {
    DefinitionsException e =
        catchThrowableOfType(
            DefinitionsException.class,
            () ->
                DefinitionsLoaderTest.parse(
                    with("    ttl: 7d", "    ttl: soon")
                        .replace("    entities: [user]", "    entities: [usr]")
                        .replace("    value_type: INT64", "    value_type: LONG")));
    assertThat(e.errors()).extracting(DefinitionError::line).containsExactly(4, 17, 19);
    assertThat(e)
        .hasMessage(
            "features/fraud.yaml:4:17: unknown type 'LONG'; valid types: "
                + TYPES
                + "\n"
                + "features/fraud.yaml:17:16: feature view 'user_stats' references unknown entity 'usr'; did you mean 'user'? (known entities: user)\n"
                + "features/fraud.yaml:19:10: bad ttl 'soon' in feature view 'user_stats'; write 0 (no limit) or a duration like 90s, 30m, 36h, 7d or 1d12h");
  }
}
