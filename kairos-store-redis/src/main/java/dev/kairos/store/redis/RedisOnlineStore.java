package dev.kairos.store.redis;

import dev.kairos.api.EntityKey;
import dev.kairos.api.FeatureView;
import dev.kairos.api.KairosException;
import dev.kairos.spi.OnlineRow;
import dev.kairos.spi.OnlineStore;
import dev.kairos.store.redis.ViewCodecs.Chunk;
import dev.kairos.store.redis.ViewCodecs.Codec;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Online store in Redis (layout in {@link RedisKeys} and {@code docs/online-encoding.md}). Writes
 * run one Lua script per chunk of rows that compares event/created timestamps server-side (one
 * {@code MGET} and one {@code MSET} per chunk); a call's chunks are pipelined, each sent as soon as
 * it is encoded, and reads are pipelined MGETs, so a call waits for one round trip. Every wait is
 * bounded by {@code timeout_ms}. Compare-and-set ({@link #multiPutIfUnchanged}) runs a second
 * script the same way, {@code put-if-unchanged.lua}, which compares each stored value with the
 * expected row's bytes.
 */
final class RedisOnlineStore implements OnlineStore {
  // Rows per write-script call and keys per MGET; the cluster store uses the same.
  static final int CHUNK = 200;
  private static final int FLUSH_EVERY = 4;
  static final int READ_CHUNK = 500;
  private static final Logger LOG = LoggerFactory.getLogger(RedisOnlineStore.class);
  // Lettuce's default backoff grows to 30 s, so a long outage would keep the server failing for up
  // to 30 s after Redis returned; capped at 500 ms it serves again within about half a second.
  static final Delay RECONNECT_DELAY =
      Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(500), 2, TimeUnit.MILLISECONDS);

  private final String where;
  private final ViewCodecs codecs;
  private final boolean ttlExpiry;
  private final long timeoutMs;
  private final RedisURI uri;
  private final ClientOptions options;
  private final ClientResources resources;
  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> writer;
  private final StatefulRedisConnection<byte[], byte[]> reader;
  // Read connections on a server's I/O threads, once a server shared them (useIoThreads).
  private volatile LoopReaders loopReaders;
  private volatile String sha;
  private volatile String casSha;

  RedisOnlineStore(String url, RedisKeys keys, boolean ttlExpiry, int timeoutMs) {
    RedisURI uri = RedisURI.create(url);
    this.uri = uri;
    uri.setTimeout(Duration.ofMillis(timeoutMs));
    this.where = "Redis at " + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
    this.codecs = new ViewCodecs(keys);
    this.ttlExpiry = ttlExpiry;
    this.timeoutMs = timeoutMs;
    this.resources = ClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
    this.client = RedisClient.create(resources, uri);
    this.options =
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(
                SocketOptions.builder().connectTimeout(Duration.ofMillis(timeoutMs)).build())
            .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(timeoutMs)))
            .build();
    client.setOptions(options);
    try {
      this.writer = client.connect(ByteArrayCodec.INSTANCE);
      this.reader = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RedisException e) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw KairosException.unavailable(
          "cannot connect to " + where + " within " + timeoutMs + " ms: " + e.getMessage(), e);
    }
    writer.setAutoFlushCommands(false);
    reader.setAutoFlushCommands(false);
    loadScripts();
  }

  private void loadScripts() {
    RedisFuture<String> put = writer.async().scriptLoad(ViewCodecs.SCRIPT);
    RedisFuture<String> cas = writer.async().scriptLoad(ViewCodecs.CAS_SCRIPT);
    writer.flushCommands();
    this.sha = Await.one(put, timeoutMs, where + " (SCRIPT LOAD)");
    this.casSha = Await.one(cas, timeoutMs, where + " (SCRIPT LOAD)");
  }

  @Override
  public void multiPut(FeatureView view, List<OnlineRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Codec c = codecs.codec(view);
    byte[] ttlArg = ViewCodecs.ttlArg(view, ttlExpiry);
    Chunk[] chunks = new Chunk[(rows.size() + CHUNK - 1) / CHUNK];
    List<RedisFuture<Long>> futures = new ArrayList<>(chunks.length);
    RedisAsyncCommands<byte[], byte[]> async = writer.async();
    String digest = sha;
    // Each chunk goes out as soon as it is encoded (a flush every few chunks), so Redis works on
    // the first chunks while the client encodes the rest: sending a call's chunks only once all
    // were encoded left Redis idle for about a quarter of a materialization.
    try {
      for (int i = 0; i < chunks.length; i++) {
        int from = i * CHUNK;
        chunks[i] =
            codecs.encode(c, rows.subList(from, Math.min(from + CHUNK, rows.size())), ttlArg);
        futures.add(
            async.evalsha(digest, ScriptOutputType.INTEGER, chunks[i].keys(), chunks[i].args()));
        if ((i + 1) % FLUSH_EVERY == 0) {
          writer.flushCommands();
        }
      }
    } finally {
      writer.flushCommands();
    }
    try {
      Await.all(futures, timeoutMs, writeContext(view));
    } catch (KairosException e) {
      if (!(e.getCause() instanceof RedisNoScriptException)) {
        throw e;
      }
      // Redis restarted or flushed its script cache: load again; re-sending is harmless.
      loadScripts();
      sendChunks(chunks, view);
    }
  }

  /** One script call per chunk of rows, pipelined like {@link #multiPut}'s. */
  @Override
  public List<Boolean> multiPutIfUnchanged(
      FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
    ViewCodecs.checkSameSize(rows, expected);
    if (rows.isEmpty()) {
      return new ArrayList<>(0);
    }
    Codec c = codecs.codec(view);
    byte[] ttlArg = ViewCodecs.ttlArg(view, ttlExpiry);
    List<CasCalls.Call> calls = new ArrayList<>((rows.size() + CHUNK - 1) / CHUNK);
    for (int from = 0; from < rows.size(); from += CHUNK) {
      int[] at = new int[Math.min(CHUNK, rows.size() - from)];
      for (int i = 0; i < at.length; i++) {
        at[i] = from + i;
      }
      calls.add(new CasCalls.Call(at, codecs.encodeIfUnchanged(c, rows, expected, at, ttlArg)));
    }
    CasCalls.Target target =
        new CasCalls.Target() {
          @Override
          public RedisFuture<List<Object>> send(Chunk chunk) {
            return writer
                .async()
                .evalsha(casSha, ScriptOutputType.MULTI, chunk.keys(), chunk.args());
          }

          @Override
          public void flush() {
            writer.flushCommands();
          }

          @Override
          public void reload() {
            loadScripts();
          }
        };
    return CasCalls.run(
        calls, rows.size(), Integer.MAX_VALUE, FLUSH_EVERY, target, timeoutMs, writeContext(view));
  }

  private void sendChunks(Chunk[] chunks, FeatureView view) {
    RedisAsyncCommands<byte[], byte[]> async = writer.async();
    List<RedisFuture<Long>> futures = new ArrayList<>(chunks.length);
    String digest = sha;
    for (Chunk chunk : chunks) {
      futures.add(async.evalsha(digest, ScriptOutputType.INTEGER, chunk.keys(), chunk.args()));
    }
    writer.flushCommands();
    Await.all(futures, timeoutMs, writeContext(view));
  }

  private String writeContext(FeatureView view) {
    return where + " (write to view '" + view.name() + "')";
  }

  @Override
  public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> entityKeys) {
    Codec c = codecs.codec(view);
    List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures = sendReads(c, entityKeys);
    Await.all(futures, timeoutMs, readWhere(view));
    return ViewCodecs.decode(c, entityKeys, futures);
  }

  /** Lettuce is asynchronous underneath: the future completes on its I/O thread. */
  @Override
  public ReadStyle readStyle() {
    return ReadStyle.ASYNC;
  }

  /**
   * Opens a read connection on each of a server's event loops (when they are Netty loops of the
   * transport Lettuce uses), so that a read started on one completes on it: see {@link
   * LoopReaders}. When Redis cannot be reached now, reads keep using the shared connection.
   */
  @Override
  public AutoCloseable useIoThreads(ScheduledExecutorService ioThreads) {
    if (!(ioThreads instanceof EventLoopGroup group) || !LoopReaders.canUse(group)) {
      return () -> {};
    }
    LoopReaders opened;
    try {
      opened = LoopReaders.open(group, uri, options, RECONNECT_DELAY);
    } catch (RuntimeException e) { // Redis unreachable now, or loops of another transport
      LOG.warn(
          "cannot open read connections on the server's I/O threads ({}); reads go through the"
              + " shared connection",
          e.toString());
      return () -> {};
    }
    loopReaders = opened;
    return () -> {
      loopReaders = null;
      opened.close();
    };
  }

  @Override
  public CompletableFuture<List<OnlineRow>> multiGetAsync(
      FeatureView view, List<EntityKey> entityKeys) {
    Codec c;
    List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures;
    try {
      c = codecs.codec(view);
      futures = sendReads(c, entityKeys);
    } catch (RedisException e) { // e.g. rejected at once while disconnected
      return CompletableFuture.failedFuture(Await.failure(e, timeoutMs, readWhere(view)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    // No orTimeout here: Lettuce's command timeout (TimeoutOptions) already bounds every read, and
    // a JDK timeout per request wakes CompletableFuture's delay thread whenever its queue is empty,
    // i.e. nearly once per request at a moderate rate: an extra runnable thread on a busy host.
    return ViewCodecs.decodeWhenDone(c, entityKeys, futures, timeoutMs, readWhere(view));
  }

  private String readWhere(FeatureView view) {
    return where + " (read from view '" + view.name() + "')";
  }

  /**
   * MGETs of up to READ_CHUNK keys, pipelined: one command per GET cost a future and a command
   * object per key, and 50,000 single GETs could outlast the per-command timeout on a busy host.
   */
  private List<RedisFuture<List<KeyValue<byte[], byte[]>>>> sendReads(
      Codec c, List<EntityKey> entityKeys) {
    LoopReaders onLoops = loopReaders;
    StatefulRedisConnection<byte[], byte[]> connection =
        onLoops == null ? null : onLoops.forCurrentThread();
    if (connection == null) {
      connection = reader;
    }
    RedisAsyncCommands<byte[], byte[]> async = connection.async();
    List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures =
        new ArrayList<>(entityKeys.size() / READ_CHUNK + 1);
    for (int from = 0; from < entityKeys.size(); from += READ_CHUNK) {
      int n = Math.min(READ_CHUNK, entityKeys.size() - from);
      byte[][] k = codecs.keysOf(c, entityKeys, from, n);
      futures.add(async.mget(k));
    }
    connection.flushCommands();
    return futures;
  }

  @Override
  public void deleteView(FeatureView view) {
    ScanArgs args = ScanArgs.Builder.matches(codecs.keys().viewPattern(view.name())).limit(1000);
    RedisAsyncCommands<byte[], byte[]> async = writer.async();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      RedisFuture<KeyScanCursor<byte[]>> scan = async.scan(cursor, args);
      writer.flushCommands();
      KeyScanCursor<byte[]> page = Await.one(scan, timeoutMs, where + " (SCAN)");
      if (!page.getKeys().isEmpty()) {
        RedisFuture<Long> unlink = async.unlink(page.getKeys().toArray(new byte[0][]));
        writer.flushCommands();
        Await.one(unlink, timeoutMs, where + " (UNLINK)");
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  @Override
  public void checkAvailable() {
    RedisFuture<String> ping = reader.async().ping();
    reader.flushCommands();
    Await.one(ping, timeoutMs, where + " (PING)");
  }

  @Override
  public void close() {
    LoopReaders onLoops = loopReaders;
    if (onLoops != null) {
      loopReaders = null;
      onLoops.close();
    }
    writer.close();
    reader.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
