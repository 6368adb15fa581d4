package dev.kairos.stream;

import dev.kairos.api.Definitions;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.api.Source;
import dev.kairos.api.StreamSettings;
import dev.kairos.core.FeatureStore;
import dev.kairos.core.config.KafkaSettings;
import dev.kairos.quality.ExpectationSuite;
import dev.kairos.quality.RowChecker;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires a {@link StreamProcessor} from a repository: resolves the source and views, the Kafka
 * settings (command-line overrides first), checks the topics and the offline table, and loads the
 * source's validation suite for the per-event checks.
 */
public final class StreamLauncher {
  /**
   * What to stream.
   *
   * @param source the source; null to take the views' source, or the only source with a stream
   * @param views the views to update; empty for every online view of the source
   * @param bootstrapServers overrides {@code kafka.bootstrap_servers}; null to keep it
   * @param groupId overrides {@code kafka.group_id}; null to keep it
   */
  public record Request(
      String source,
      List<String> views,
      String bootstrapServers,
      String groupId,
      StreamProcessor.Options options) {
    public Request {
      views = views == null ? List.of() : List.copyOf(views);
      options = options == null ? StreamProcessor.Options.defaults() : options;
    }
  }

  /** A processor ready to {@link StreamProcessor#run}, and what it will do, for people. */
  public record Launched(
      StreamProcessor processor,
      Source source,
      StreamSettings stream,
      KafkaSettings kafka,
      int partitions,
      List<FeatureView> views,
      List<String> uncheckedExpectations,
      StreamMetrics metrics) {}

  private StreamLauncher() {}

  public static Launched launch(FeatureStore fs, Request request, MeterRegistry registry) {
    Definitions d = fs.definitions();
    Source source = d.source(sourceName(d, request)).orElseThrow();
    StreamSettings stream = StreamPreflight.settings(d, source.name());
    List<FeatureView> views = StreamPreflight.views(d, source, request.views());
    KafkaSettings kafka = fs.config().kafka();
    if (request.bootstrapServers() != null) {
      kafka = kafka.withBootstrapServers(request.bootstrapServers());
    }
    if (request.groupId() != null) {
      kafka = new KafkaSettings(kafka.bootstrapServers(), request.groupId(), kafka.properties());
    }
    int partitions = StreamPreflight.topics(kafka, source, stream);
    fs.offlineStore().ensureTable(source);
    fs.onlineStore().checkAvailable();
    List<String> unchecked = new ArrayList<>();
    EventCheck check = check(fs, source, unchecked);
    StreamMetrics metrics = new StreamMetrics(registry, source.name(), stream.topic());
    StreamProcessor processor =
        new StreamProcessor(
            d,
            source.name(),
            views,
            fs.offlineStore(),
            fs.onlineStore(),
            kafka,
            check,
            metrics,
            fs.clock(),
            request.options());
    return new Launched(
        processor, source, stream, kafka, partitions, views, List.copyOf(unchecked), metrics);
  }

  private static String sourceName(Definitions d, Request request) {
    if (request.source() != null) {
      return request.source();
    }
    if (!request.views().isEmpty()) {
      List<String> sources =
          request.views().stream().map(v -> d.requireView(v).source()).distinct().toList();
      if (sources.size() > 1) {
        throw KairosException.user(
            "the views given read different sources ("
                + String.join(", ", sources)
                + "); one stream reads one source: run one kairos stream per source");
      }
      return sources.get(0);
    }
    List<Source> streamed = d.sources().stream().filter(s -> s.streaming().isPresent()).toList();
    if (streamed.size() == 1) {
      return streamed.get(0).name();
    }
    throw KairosException.user(
        streamed.isEmpty()
            ? "no source has a stream; add a 'stream: {topic: ..., key: ...}' block to a source"
                + " in the definitions, then kairos apply"
            : "several sources have a stream ("
                + StreamPreflight.streamed(d)
                + "); choose one with --source");
  }

  private static EventCheck check(FeatureStore fs, Source source, List<String> unchecked) {
    if (source.validationSuite().isEmpty()) {
      return EventCheck.NONE;
    }
    ExpectationSuite suite =
        ExpectationSuite.read(fs.config().repoDir().resolve(source.validationSuite().get()));
    RowChecker checker = RowChecker.of(suite, source.fields(), fs.clock());
    unchecked.addAll(checker.skipped());
    return row -> checker.check(row).map(v -> v.reason()).orElse(null);
  }
}
