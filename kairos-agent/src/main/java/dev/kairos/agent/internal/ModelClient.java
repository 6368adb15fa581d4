package dev.kairos.agent.internal;

import dev.kairos.agent.AgentSettings;
import dev.kairos.agent.AgentSettings.Provider;
import dev.kairos.api.KairosException;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One call to the language model through LangChain4j, blocking, bounded by the configured timeout,
 * without retries (a retry would be a second, unlogged conversation turn). Every failure becomes an
 * UNAVAILABLE {@link KairosException} that names the URL and how to configure another model.
 */
public final class ModelClient {
  private final AgentSettings settings;
  private final ChatModel blocking;
  private final StreamingChatModel streaming;

  public ModelClient(AgentSettings settings) {
    this.settings = settings;
    String url = settings.url().toString();
    if (settings.provider() == Provider.OLLAMA) {
      blocking =
          settings.stream()
              ? null
              : OllamaChatModel.builder()
                  .baseUrl(url)
                  .modelName(settings.model())
                  .timeout(settings.timeout())
                  .maxRetries(0)
                  .build();
      streaming =
          settings.stream()
              ? OllamaStreamingChatModel.builder()
                  .baseUrl(url)
                  .modelName(settings.model())
                  .timeout(settings.timeout())
                  .build()
              : null;
    } else {
      String v1 = url + "/v1";
      String key = settings.apiKey() == null ? "not-needed" : settings.apiKey();
      blocking =
          settings.stream()
              ? null
              : OpenAiChatModel.builder()
                  .baseUrl(v1)
                  .apiKey(key)
                  .modelName(settings.model())
                  .timeout(settings.timeout())
                  .maxRetries(0)
                  .build();
      streaming =
          settings.stream()
              ? OpenAiStreamingChatModel.builder()
                  .baseUrl(v1)
                  .apiKey(key)
                  .modelName(settings.model())
                  .timeout(settings.timeout())
                  .build()
              : null;
    }
  }

  /** The model's next message: text, tool calls or both. */
  public AiMessage chat(List<ChatMessage> messages, List<ToolSpecification> tools) {
    ChatRequest request =
        ChatRequest.builder().messages(messages).toolSpecifications(tools).build();
    try {
      return blocking != null ? blocking.chat(request).aiMessage() : stream(request);
    } catch (KairosException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unavailable(e);
    }
  }

  private AiMessage stream(ChatRequest request) {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    streaming.chat(
        request,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partial) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    try {
      // The HTTP client's own timeout covers the connection; this bounds a stalled stream too.
      return done.get(settings.timeout().toMillis() + 500, TimeUnit.MILLISECONDS).aiMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KairosException.unavailable("interrupted while waiting for the language model", e);
    } catch (ExecutionException e) {
      throw unavailable(e.getCause());
    } catch (TimeoutException e) {
      throw unavailable(e);
    }
  }

  KairosException unavailable(Throwable e) {
    String where =
        "the language model at "
            + settings.url()
            + " ("
            + settings.provider().id()
            + ", model "
            + settings.model()
            + ")";
    String how =
        "; start one (e.g. ollama serve && ollama pull "
            + settings.model()
            + ") or configure another in the agent section of kairos.yaml"
            + " (agent: {provider: ollama|openai, url: ..., model: ..., api_key: ${ENV_VAR}})";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
        return KairosException.unavailable(
            where + " is not reachable (connection refused)" + how, e);
      }
      if (t instanceof HttpTimeoutException
          || t instanceof TimeoutException
          || t instanceof dev.langchain4j.exception.TimeoutException) {
        return KairosException.unavailable(
            where
                + " did not answer within "
                + settings.timeout().toMillis()
                + " ms; raise agent.timeout in kairos.yaml or use a smaller model",
            e);
      }
      if (t instanceof dev.langchain4j.exception.HttpException h) {
        return KairosException.unavailable(
            where + " answered HTTP " + h.statusCode() + ": " + clip(h.getMessage()) + how, e);
      }
    }
    return KairosException.unavailable(where + " failed: " + clip(String.valueOf(e)) + how, e);
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
