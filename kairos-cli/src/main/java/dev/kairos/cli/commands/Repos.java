package dev.kairos.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kairos.cli.RepoOptions;
import dev.kairos.core.FeatureStore;

/** Small helpers the commands share. */
final class Repos {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Repos() {}

  static FeatureStore open(RepoOptions options) {
    return FeatureStore.open(options.repo.toAbsolutePath().normalize());
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw dev.kairos.api.KairosException.internal("cannot render JSON: " + e.getMessage(), e);
    }
  }
}
