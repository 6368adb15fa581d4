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
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Online store on a Redis Cluster ({@code cluster: true}): the same keys, values and write script
 * as {@link RedisOnlineStore}. A script call may touch one hash slot only, so writes group rows by
 * the slot of their entity's hash tag before chunking; reads are {@code MGET}s that the cluster
 * client splits by slot and answers in key order. The client learns the topology from the node in
 * {@code url} and follows it (periodic refresh, and at once on MOVED/ASK redirects and reconnects).
 */
final class RedisClusterOnlineStore implements OnlineStore {
  private static final int CHUNK = RedisOnlineStore.CHUNK;
  private static final int READ_CHUNK = RedisOnlineStore.READ_CHUNK;
  private static final int IN_FLIGHT = 256;

  private final String where;
  private final ViewCodecs codecs;
  private final boolean ttlExpiry;
  private final long timeoutMs;
  private final ClientResources resources;
  private final RedisClusterClient client;
  private final StatefulRedisClusterConnection<byte[], byte[]> writer;
  private final StatefulRedisClusterConnection<byte[], byte[]> reader;
  private volatile String sha;
  private volatile String casSha;

  RedisClusterOnlineStore(RedisURI seed, RedisKeys keys, boolean ttlExpiry, int timeoutMs) {
    seed.setTimeout(Duration.ofMillis(timeoutMs));
    this.where = "Redis Cluster at " + seed.getHost() + ":" + seed.getPort();
    this.codecs = new ViewCodecs(keys);
    this.ttlExpiry = ttlExpiry;
    this.timeoutMs = timeoutMs;
    this.resources =
        ClientResources.builder().reconnectDelay(RedisOnlineStore.RECONNECT_DELAY).build();
    this.client = RedisClusterClient.create(resources, seed);
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    options.topologyRefreshOptions(
        ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofSeconds(30))
            .enableAllAdaptiveRefreshTriggers()
            .build());
    options.autoReconnect(true);
    // The client opens its connection to each node on first use, so a command must be able to
    // wait for that connection; the command timeout still bounds every wait.
    options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
    options.socketOptions(
        SocketOptions.builder().connectTimeout(Duration.ofMillis(timeoutMs)).build());
    options.timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(timeoutMs)));
    client.setOptions(options.build());
    StatefulRedisClusterConnection<byte[], byte[]> w = null;
    try {
      w = client.connect(ByteArrayCodec.INSTANCE);
      this.writer = w;
      this.reader = client.connect(ByteArrayCodec.INSTANCE);
      loadScriptsOnEveryNode();
    } catch (RedisException | KairosException e) {
      if (w != null) {
        w.close();
      }
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw e instanceof KairosException k
          ? k
          : KairosException.unavailable(
              "cannot connect to "
                  + where
                  + " within "
                  + timeoutMs
                  + " ms: "
                  + e.getMessage()
                  + "; a standalone Redis (cluster_enabled:0 in INFO) needs cluster: false",
              e);
    }
  }

  /** Loads both write scripts on every primary; see {@link #loadOnEveryNode}. */
  private void loadScriptsOnEveryNode() {
    this.sha = loadOnEveryNode(ViewCodecs.SCRIPT);
    this.casSha = loadOnEveryNode(ViewCodecs.CAS_SCRIPT);
  }

  /** SCRIPT LOAD on every primary, since an EVALSHA runs on the primary of its keys' slot. */
  private String loadOnEveryNode(String script) {
    List<RedisFuture<String>> loads = new ArrayList<>();
    for (RedisClusterNode node : writer.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        try {
          loads.add(writer.getConnection(node.getNodeId()).async().scriptLoad(script));
        } catch (RedisException e) { // the node cannot be reached
          throw Await.failure(e, timeoutMs, where + " (SCRIPT LOAD on " + node.getUri() + ")");
        }
      }
    }
    if (loads.isEmpty()) {
      throw KairosException.unavailable(
          where + " has no primary node; is it a cluster (cluster_enabled) with slots assigned?",
          null);
    }
    return Await.all(loads, timeoutMs, where + " (SCRIPT LOAD)")
        .get(0)
        .toCompletableFuture()
        .join();
  }

  @Override
  public void multiPut(FeatureView view, List<OnlineRow> rows) {
    if (rows.isEmpty()) {
      return;
    }
    Codec c = codecs.codec(view);
    byte[] ttlArg = ViewCodecs.ttlArg(view, ttlExpiry);
    Map<Integer, List<OnlineRow>> bySlot = new LinkedHashMap<>();
    for (OnlineRow row : rows) {
      int slot = SlotHash.getSlot(codecs.keys().key(row.key(), c.tail()));
      bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(row);
    }
    List<Chunk> chunks = new ArrayList<>();
    for (List<OnlineRow> slotRows : bySlot.values()) {
      for (int from = 0; from < slotRows.size(); from += CHUNK) {
        chunks.add(
            codecs.encode(
                c, slotRows.subList(from, Math.min(from + CHUNK, slotRows.size())), ttlArg));
      }
    }
    try {
      sendChunks(chunks, view);
    } catch (KairosException e) {
      if (!(e.getCause() instanceof RedisNoScriptException)) {
        throw e;
      }
      // A node restarted, failed over or joined: load again everywhere; re-sending is harmless.
      loadScriptsOnEveryNode();
      sendChunks(chunks, view);
    }
  }

  /** Rows grouped by the slot of their key, like {@link #multiPut}'s, one script call a chunk. */
  @Override
  public List<Boolean> multiPutIfUnchanged(
      FeatureView view, List<OnlineRow> rows, List<OnlineRow> expected) {
    ViewCodecs.checkSameSize(rows, expected);
    if (rows.isEmpty()) {
      return new ArrayList<>(0);
    }
    Codec c = codecs.codec(view);
    byte[] ttlArg = ViewCodecs.ttlArg(view, ttlExpiry);
    Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      int slot = SlotHash.getSlot(codecs.keys().key(rows.get(i).key(), c.tail()));
      bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
    }
    List<CasCalls.Call> calls = new ArrayList<>();
    for (List<Integer> slotRows : bySlot.values()) {
      for (int from = 0; from < slotRows.size(); from += CHUNK) {
        int[] at = new int[Math.min(CHUNK, slotRows.size() - from)];
        for (int i = 0; i < at.length; i++) {
          at[i] = slotRows.get(from + i);
        }
        calls.add(new CasCalls.Call(at, codecs.encodeIfUnchanged(c, rows, expected, at, ttlArg)));
      }
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
          public void flush() {}

          @Override
          public void reload() {
            loadScriptsOnEveryNode();
          }
        };
    String context = where + " (write to view '" + view.name() + "')";
    return CasCalls.run(calls, rows.size(), IN_FLIGHT, CHUNK, target, timeoutMs, context);
  }

  /**
   * Pipelines the script calls with at most {@link #IN_FLIGHT} unanswered, so that no call waits
   * behind thousands of others: each is bounded by {@code timeout_ms} from when it was sent.
   */
  private void sendChunks(List<Chunk> chunks, FeatureView view) {
    RedisAdvancedClusterAsyncCommands<byte[], byte[]> async = writer.async();
    String digest = sha;
    String context = where + " (write to view '" + view.name() + "')";
    Deque<RedisFuture<Long>> inFlight = new ArrayDeque<>();
    for (Chunk chunk : chunks) {
      if (inFlight.size() == IN_FLIGHT) {
        Await.one(inFlight.poll(), timeoutMs, context);
      }
      inFlight.add(async.evalsha(digest, ScriptOutputType.INTEGER, chunk.keys(), chunk.args()));
    }
    while (!inFlight.isEmpty()) {
      Await.one(inFlight.poll(), timeoutMs, context);
    }
  }

  @Override
  public List<OnlineRow> multiGet(FeatureView view, List<EntityKey> entityKeys) {
    Codec c = codecs.codec(view);
    List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures = sendReads(c, entityKeys);
    Await.all(futures, timeoutMs, readWhere(view));
    return ViewCodecs.decode(c, entityKeys, futures);
  }

  @Override
  public ReadStyle readStyle() {
    return ReadStyle.ASYNC;
  }

  @Override
  public CompletableFuture<List<OnlineRow>> multiGetAsync(
      FeatureView view, List<EntityKey> entityKeys) {
    Codec c;
    List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures;
    try {
      c = codecs.codec(view);
      futures = sendReads(c, entityKeys);
    } catch (RedisException e) {
      return CompletableFuture.failedFuture(Await.failure(e, timeoutMs, readWhere(view)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return ViewCodecs.decodeWhenDone(c, entityKeys, futures, timeoutMs, readWhere(view));
  }

  private List<RedisFuture<List<KeyValue<byte[], byte[]>>>> sendReads(
      Codec c, List<EntityKey> entityKeys) {
    RedisAdvancedClusterAsyncCommands<byte[], byte[]> async = reader.async();
    List<RedisFuture<List<KeyValue<byte[], byte[]>>>> futures =
        new ArrayList<>(entityKeys.size() / READ_CHUNK + 1);
    for (int from = 0; from < entityKeys.size(); from += READ_CHUNK) {
      int n = Math.min(READ_CHUNK, entityKeys.size() - from);
      futures.add(async.mget(codecs.keysOf(c, entityKeys, from, n)));
    }
    return futures;
  }

  private String readWhere(FeatureView view) {
    return where + " (read from view '" + view.name() + "')";
  }

  /** Scans every primary for the view's keys (the cluster client walks the nodes in turn). */
  @Override
  public void deleteView(FeatureView view) {
    ScanArgs args = ScanArgs.Builder.matches(codecs.keys().viewPattern(view.name())).limit(1000);
    RedisAdvancedClusterAsyncCommands<byte[], byte[]> async = writer.async();
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<byte[]> page =
          Await.one(async.scan(cursor, args), timeoutMs, where + " (SCAN)");
      if (!page.getKeys().isEmpty()) {
        Await.one(
            async.unlink(page.getKeys().toArray(new byte[0][])), timeoutMs, where + " (UNLINK)");
      }
      cursor = page;
    } while (!cursor.isFinished());
  }

  @Override
  public void checkAvailable() {
    Await.one(reader.async().ping(), timeoutMs, where + " (PING)");
  }

  @Override
  public void close() {
    writer.close();
    reader.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
