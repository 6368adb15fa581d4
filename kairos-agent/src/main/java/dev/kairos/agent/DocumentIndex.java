package dev.kairos.agent;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

  private final EmbeddingModel model;
  private final List<Document> documents;
  private final List<float[]> vectors;

  private DocumentIndex(EmbeddingModel model, List<Document> documents, List<float[]> vectors) {
    this.model = model;
    this.documents = documents;
    this.vectors = vectors;
  }

  /** Embeds the documents (a few milliseconds each). */
  public static DocumentIndex of(List<Document> documents) {
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    List<float[]> vectors = new ArrayList<>(documents.size());
    if (!documents.isEmpty()) {
      List<TextSegment> segments =
          documents.stream().map(d -> TextSegment.from(d.title() + "\n" + d.text())).toList();
      for (Embedding e : model.embedAll(segments).content()) {
        vectors.add(normalized(e.vector()));
      }
    }
    return new DocumentIndex(model, List.copyOf(documents), vectors);
  }

  /** The documents indexed. */
  public List<Document> documents() {
    return documents;
  }

  /** The {@code limit} documents closest to the query, best first. */
  public List<Hit> search(String query, int limit) {
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
