package dev.kairos.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kairos.agent.DocumentIndex.Document;
import dev.kairos.api.Definitions;
import dev.kairos.api.Entity;
import dev.kairos.api.FeatureService;
import dev.kairos.api.FeatureView;
import dev.kairos.api.Field;
import dev.kairos.api.OnDemandFeatureView;
import dev.kairos.api.Source;
import dev.kairos.ml.runs.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The repository's own knowledge as passages: descriptions of entities, sources, views and services
 * from the definitions, the notes of validation suites, model cards of training runs, and the
 * sections of {@code docs/*.md}.
 */
public final class RepoKnowledge {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RepoKnowledge() {}

  /** Passages describing the definitions. */
  public static List<Document> definitions(Definitions defs) {
    List<Document> out = new ArrayList<>();
    for (Entity e : defs.entities()) {
      out.add(
          new Document(
              "entity " + e.name(),
              "definitions",
              "Entity "
                  + e.name()
                  + " (join keys "
                  + String.join(", ", e.joinKeys())
                  + "): "
                  + e.description()));
    }
    for (Source s : defs.sources()) {
      out.add(
          new Document(
              "source " + s.name(),
              "definitions",
              "Source "
                  + s.name()
                  + ": "
                  + nullToEmpty(s.description())
                  + " Fields: "
                  + fields(s.fields())
                  + (s.validation() == null ? "" : ". Validated by " + s.validation())));
    }
    for (FeatureView v : defs.views()) {
      String aggs =
          v.aggregations().stream()
              .map(
                  a ->
                      a.name()
                          + " = "
                          + a.function().name().toLowerCase(Locale.ROOT)
                          + "("
                          + a.column()
                          + ") over "
                          + a.window())
              .collect(Collectors.joining("; "));
      out.add(
          new Document(
              "feature view " + v.name(),
              "definitions",
              "Feature view "
                  + v.name()
                  + " keyed by "
                  + String.join(", ", v.entities())
                  + " from source "
                  + v.source()
                  + ": "
                  + nullToEmpty(v.description())
                  + " Features: "
                  + fields(v.features())
                  + (aggs.isEmpty() ? "" : ". Aggregations: " + aggs)));
    }
    for (OnDemandFeatureView o : defs.onDemandViews()) {
      out.add(
          new Document(
              "request-time view " + o.name(),
              "definitions",
              "Request-time (on-demand) view "
                  + o.name()
                  + ", computed from the transaction being scored: "
                  + o.description()
                  + " Features: "
                  + o.features().stream()
                      .map(f -> f.name().replace('_', ' '))
                      .collect(Collectors.joining(", "))
                  + ". Expressions: "
                  + o.features().stream()
                      .map(f -> f.name() + " = " + f.expression())
                      .collect(Collectors.joining("; "))));
    }
    for (FeatureService s : defs.services()) {
      out.add(
          new Document(
              "feature service " + s.name(),
              "definitions",
              "Feature service "
                  + s.name()
                  + ": "
                  + s.description()
                  + " Features: "
                  + s.features().stream().map(Object::toString).collect(Collectors.joining(", "))));
    }
    return out;
  }

  /**
   * The notes ({@code meta.notes}) of each suite file in {@code suites/}, one passage per suite.
   */
  public static List<Document> suites(Path repoDir) {
    Path dir = repoDir.resolve("suites");
    List<Document> out = new ArrayList<>();
    for (Path f : list(dir, ".json")) {
      try {
        JsonNode suite = JSON.readTree(f.toFile());
        StringBuilder b =
            new StringBuilder("Validation suite ")
                .append(suite.path("expectation_suite_name").asText(f.getFileName().toString()))
                .append(":");
        for (JsonNode e : suite.path("expectations")) {
          b.append(' ').append(e.path("expectation_type").asText());
          JsonNode col = e.path("kwargs").path("column");
          if (!col.isMissingNode()) {
            b.append(" (").append(col.asText()).append(')');
          }
          JsonNode notes = e.path("meta").path("notes");
          if (!notes.isMissingNode()) {
            b.append(": ").append(notes.asText());
          }
          b.append(';');
        }
        out.add(
            new Document(
                "validation suite " + f.getFileName(), "suites/" + f.getFileName(), b.toString()));
      } catch (IOException e) {
        // A suite that does not parse is reported by kairos validate; it has no notes to index.
      }
    }
    return out;
  }

  /** A model card per finished run: model, metrics, lineage. */
  public static List<Document> modelCards(List<Run> runs) {
    List<Document> out = new ArrayList<>();
    for (Run r : runs) {
      String metrics =
          r.metrics().entrySet().stream()
              .sorted(java.util.Map.Entry.comparingByKey())
              .limit(12)
              .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4f", e.getValue()))
              .collect(Collectors.joining(", "));
      out.add(
          new Document(
              "model card of run " + r.id(),
              "runs/" + r.id(),
              "Model card: model "
                  + r.model()
                  + ", training run "
                  + r.id()
                  + ", status "
                  + r.status()
                  + ". Trained on "
                  + (r.lineage() == null ? "?" : r.lineage().toString())
                  + ". Metrics: "
                  + metrics));
    }
    return out;
  }

  /** The sections (split at {@code ## } headings) of every {@code docs/*.md}. */
  public static List<Document> docs(Path docsDir) {
    List<Document> out = new ArrayList<>();
    for (Path f : list(docsDir, ".md")) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue;
      }
      String name = "docs/" + f.getFileName();
      String title = name;
      StringBuilder section = new StringBuilder();
      for (String line : text.split("\n", -1)) {
        if (line.startsWith("#") && section.toString().isBlank()) {
          title = name + " " + line.replaceFirst("^#+\\s*", "");
        } else if (line.startsWith("## ")) {
          add(out, title, name, section);
          title = name + " " + line.substring(3).strip();
          section.setLength(0);
        }
        section.append(line).append('\n');
      }
      add(out, title, name, section);
    }
    return out;
  }

  private static void add(List<Document> out, String title, String origin, StringBuilder text) {
    if (!text.toString().isBlank()) {
      out.add(new Document(title, origin, text.toString().strip()));
    }
  }

  private static List<Path> list(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String fields(List<Field> fields) {
    return fields.stream().map(f -> f.name() + " " + f.type()).collect(Collectors.joining(", "));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
