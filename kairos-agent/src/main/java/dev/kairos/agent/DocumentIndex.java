package dev.kairos.agent;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Retrieval over the repository's own knowledge, embedded in-process with all-MiniLM-L6-v2
 * (quantized, ONNX, shipped in the jar: no network): documents are ranked by the cosine similarity
 * of their embedding to the query's.
 */
public final class DocumentIndex {
  /** The longest passage kept per document, in characters. */
  public static final int MAX_TEXT = 1200;

  /**
   * A passage.
   *
   * @param title what it describes, e.g. {@code feature view user_txn_windows}
   * @param origin where it comes from, e.g. {@code features/aggregations.yaml} or {@code
   *     docs/models.md}
   * @param text the passage (data, never instructions)
   */
  public record Document(String title, String origin, String text) {
    public Document {
      requireNonNull(title, "title");
      requireNonNull(origin, "origin");
      requireNonNull(text, "text");
      text = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }
  }

  /** A ranked result. */
  public record Hit(Document document, double score) {}

  private final Supplier<List<Document>> source;
  private EmbeddingModel model;
  private List<Document> documents;
  private List<float[]> vectors;

  private DocumentIndex(Supplier<List<Document>> source) {
    this.source = source;
  }

  /**
   * An index built on first use from the documents the supplier returns (a server starts before its
   * definitions may be loaded).
   */
  public static DocumentIndex lazy(Supplier<List<Document>> documents) {
    return new DocumentIndex(documents);
  }

  /**
   * Embeds the documents (a few milliseconds each). The tokenizer library (DJL) would otherwise ask
   * a cloud metadata address for telemetry: tracking is switched off and DJL kept offline here,
   * whatever the environment says, besides {@code OPT_OUT_TRACKING=true} in the launcher.
   */
  public static DocumentIndex of(List<Document> documents) {
    DocumentIndex index = new DocumentIndex(() -> documents);
    index.build();
    return index;
  }

  private synchronized void build() {
    if (model != null) {
      return;
    }
    String leak = telemetryLeak(System.getenv());
    if (leak != null) {
      throw KairosException.user(leak);
    }
    System.setProperty("OPT_OUT_TRACKING", "true");
    System.setProperty("ai.djl.offline", "true");
    List<Document> docs = List.copyOf(source.get());
    EmbeddingModel m = new AllMiniLmL6V2QuantizedEmbeddingModel();
    List<float[]> v = new ArrayList<>(docs.size());
    if (!docs.isEmpty()) {
      List<TextSegment> segments =
          docs.stream().map(d -> TextSegment.from(d.title() + "\n" + d.text())).toList();
      for (Embedding e : m.embedAll(segments).content()) {
        v.add(normalized(e.vector()));
      }
    }
    documents = docs;
    vectors = v;
    model = m;
  }

  /**
   * Why the tokenizer library would call a cloud address despite the system properties set here, or
   * null: DJL reads an environment variable before the property, so {@code OPT_OUT_TRACKING} and
   * {@code DJL_OFFLINE} both set to something other than {@code true} switch its telemetry on.
   */
  static String telemetryLeak(Map<String, String> env) {
    String track = env.get("OPT_OUT_TRACKING");
    String offline = env.get("DJL_OFFLINE");
    if (track != null && !track.equals("true") && offline != null && !offline.equals("true")) {
      return "the environment sets OPT_OUT_TRACKING='"
          + track
          + "' and DJL_OFFLINE='"
          + offline
          + "', which would let the tokenizer library (DJL) send telemetry to a cloud address;"
          + " set either to true or unset it (the kairos launcher sets both)";
    }
    return null;
  }

  /** The documents indexed. */
  public List<Document> documents() {
    build();
    return documents;
  }

  /** The {@code limit} documents closest to the query, best first. */
  public List<Hit> search(String query, int limit) {
    build();
    if (documents.isEmpty()) {
      return List.of();
    }
    float[] q = normalized(model.embed(query).content().vector());
    List<Hit> hits = new ArrayList<>(documents.size());
    for (int i = 0; i < documents.size(); i++) {
      float[] v = vectors.get(i);
      double dot = 0;
      for (int j = 0; j < v.length; j++) {
        dot += v[j] * q[j];
      }
      hits.add(new Hit(documents.get(i), dot));
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return List.copyOf(hits.subList(0, Math.min(limit, hits.size())));
  }

  private static float[] normalized(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    double norm = Math.sqrt(n);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
    }
    return out;
  }
}
