package dev.kairos.agent;

import static java.util.Objects.requireNonNull;

import dev.kairos.api.KairosException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code agent} section of {@code kairos.yaml}: which language model answers questions.
 *
 * <pre>{@code
 * agent:
 *   provider: ollama            # or openai (any OpenAI-compatible endpoint)
 *   url: http://127.0.0.1:11434 # openai: the base URL without /v1, e.g. https://api.openai.com
 *   model: llama3.1
 *   api_key: ${OPENAI_API_KEY}  # openai only; a secret: never logged or printed
 *   timeout: 60s                # one model call; a slower answer is UNAVAILABLE
 *   stream: false               # ask for a streamed answer (NDJSON / SSE)
 *   scoring_model: fraud        # the registered model whose champion score_transaction uses
 * }</pre>
 *
 * @param provider who speaks the protocol
 * @param url the endpoint's base URL (http or https)
 * @param model the model name, e.g. {@code llama3.1}
 * @param apiKey the API key (a secret), or null
 * @param timeout the longest one model call may take
 * @param stream ask for streamed answers
 * @param scoringModel the registered model {@code score_transaction} scores with
 */
public record AgentSettings(
    Provider provider,
    URI url,
    String model,
    String apiKey,
    Duration timeout,
    boolean stream,
    String scoringModel) {
  /** Ollama's default address. */
  public static final URI DEFAULT_OLLAMA_URL = URI.create("http://127.0.0.1:11434");

  /** The model asked when the section names none. */
  public static final String DEFAULT_MODEL = "llama3.1";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** The protocol a provider speaks. */
  public enum Provider {
    /** Ollama's {@code /api/chat}. */
    OLLAMA,
    /** OpenAI's {@code /v1/chat/completions}, as served by OpenAI, vLLM, llama.cpp, LM Studio… */
    OPENAI;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public AgentSettings {
    requireNonNull(provider, "provider");
    requireNonNull(url, "url");
    requireNonNull(model, "model");
    requireNonNull(timeout, "timeout");
    requireNonNull(scoringModel, "scoringModel");
    if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null) {
      throw KairosException.user(
          "agent url must be an http(s) URL such as " + DEFAULT_OLLAMA_URL + ", not '" + url + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw KairosException.user("agent timeout must be positive, was " + timeout);
    }
    apiKey = apiKey == null || apiKey.isEmpty() ? null : apiKey;
  }

  /** Ollama on its default port with {@value #DEFAULT_MODEL}. */
  public static AgentSettings defaults() {
    return new AgentSettings(
        Provider.OLLAMA, DEFAULT_OLLAMA_URL, DEFAULT_MODEL, null, DEFAULT_TIMEOUT, false, "fraud");
  }

  /** A copy with another URL. */
  public AgentSettings withUrl(URI u) {
    return new AgentSettings(provider, u, model, apiKey, timeout, stream, scoringModel);
  }

  /** A copy with another timeout. */
  public AgentSettings withTimeout(Duration t) {
    return new AgentSettings(provider, url, model, apiKey, t, stream, scoringModel);
  }

  /** {@code provider:model@url}, without the key. */
  public String describe() {
    return provider.id() + ":" + model + "@" + url;
  }

  @Override
  public String toString() {
    return "AgentSettings[provider="
        + provider.id()
        + ", url="
        + url
        + ", model="
        + model
        + ", apiKey="
        + (apiKey == null ? "null" : "****")
        + ", timeout="
        + timeout
        + ", stream="
        + stream
        + ", scoringModel="
        + scoringModel
        + "]";
  }
}
