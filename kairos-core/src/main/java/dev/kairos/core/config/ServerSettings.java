package dev.kairos.core.config;

/**
 * The {@code server} section of {@code kairos.yaml}.
 *
 * @param port the port the feature server listens on (gRPC and HTTP share it); 0 picks a free one
 * @param maxEntities the most entity rows one online request may ask for
 * @param ui true when the server also serves the web dashboard at {@code /ui} (default)
 */
public record ServerSettings(int port, int maxEntities, boolean ui) {
  public static final int DEFAULT_PORT = 6566;
  public static final int DEFAULT_MAX_ENTITIES = 1000;

  public ServerSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
    }
    if (maxEntities < 1) {
      throw new IllegalArgumentException("max_entities must be at least 1, not " + maxEntities);
    }
  }

  /** With the dashboard on. */
  public ServerSettings(int port, int maxEntities) {
    this(port, maxEntities, true);
  }

  public static ServerSettings defaults() {
    return new ServerSettings(DEFAULT_PORT, DEFAULT_MAX_ENTITIES, true);
  }
}
