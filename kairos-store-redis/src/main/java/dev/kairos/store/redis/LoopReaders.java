package dev.kairos.store.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.NettyCustomizer;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One read connection per event loop of a server's I/O threads, with its network I/O on that loop.
 * A read started on one of those threads goes out on the connection that lives there, and Redis'
 * answer completes the read on the same thread: no hand-off to Lettuce's own I/O thread and back,
 * each of which costs a thread wake-up, and on a loaded machine a wait for a core.
 *
 * <p>The loops stay the server's: closing this closes the connections, never the loops. After a
 * reconnect, Netty may register a connection on another loop; reads stay correct and only lose the
 * shortcut for that loop.
 */
final class LoopReaders implements AutoCloseable {
  private final ClientResources resources;
  private final RedisClient client;
  private final EventLoop[] loops;
  private final List<StatefulRedisConnection<byte[], byte[]>> connections;

  private LoopReaders(
      ClientResources resources,
      RedisClient client,
      EventLoop[] loops,
      List<StatefulRedisConnection<byte[], byte[]>> connections) {
    this.resources = resources;
    this.client = client;
    this.loops = loops;
    this.connections = connections;
  }

  /**
   * Whether these loops are of the group class Lettuce uses. With Netty 4.2 that class does not
   * name the transport, so {@link #open} can still fail on loops of another transport; the caller
   * then keeps its own connection.
   */
  static boolean canUse(EventLoopGroup group) {
    return Transports.eventLoopGroupClass().isInstance(group);
  }

  /**
   * Opens a connection on each loop of {@code group}.
   *
   * @throws io.lettuce.core.RedisException when Redis cannot be reached
   */
  static LoopReaders open(
      EventLoopGroup group, RedisURI uri, ClientOptions options, Delay reconnectDelay) {
    List<EventLoop> all = new ArrayList<>();
    for (EventExecutor e : group) {
      all.add((EventLoop) e);
    }
    AtomicReference<Channel> lastChannel = new AtomicReference<>();
    ClientResources resources =
        ClientResources.builder()
            .eventLoopGroupProvider(new Shared(group, all.size()))
            .nettyCustomizer(
                new NettyCustomizer() {
                  @Override
                  public void afterChannelInitialized(Channel channel) {
                    lastChannel.set(channel);
                  }
                })
            .reconnectDelay(reconnectDelay)
            .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(options);
    EventLoop[] loops = new EventLoop[all.size()];
    List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>(loops.length);
    try {
      // Netty registers each new connection on the group's next loop, round robin; other
      // registrations (accepted server connections) may interleave, so keep going until every loop
      // has one, closing the extras, with a bound.
      for (int attempt = 0; attempt < 4 * loops.length && connections.size() < loops.length; ) {
        attempt++;
        StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
        EventLoop loop = lastChannel.get().eventLoop();
        if (indexOf(loops, connections.size(), loop) >= 0) {
          c.close();
          continue;
        }
        c.setAutoFlushCommands(false);
        loops[connections.size()] = loop;
        connections.add(c);
      }
    } catch (RuntimeException e) {
      connections.forEach(StatefulRedisConnection::close);
      client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      resources.shutdown(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    EventLoop[] covered = new EventLoop[connections.size()];
    System.arraycopy(loops, 0, covered, 0, covered.length);
    return new LoopReaders(resources, client, covered, connections);
  }

  private static int indexOf(EventLoop[] loops, int n, EventLoop loop) {
    for (int i = 0; i < n; i++) {
      if (loops[i] == loop) {
        return i;
      }
    }
    return -1;
  }

  /** How many of the group's loops have a connection of their own. */
  int loopsCovered() {
    return loops.length;
  }

  /** The connection whose I/O runs on the calling thread, or null when it is none of the loops. */
  StatefulRedisConnection<byte[], byte[]> forCurrentThread() {
    for (int i = 0; i < loops.length; i++) {
      if (loops[i].inEventLoop()) {
        return connections.get(i);
      }
    }
    return null;
  }

  @Override
  public void close() {
    connections.forEach(StatefulRedisConnection::close);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }

  /** Hands Lettuce the server's loops and never shuts them down. */
  private record Shared(EventLoopGroup group, int threads) implements EventLoopGroupProvider {
    @Override
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
      if (!type.isInstance(group)) {
        throw new IllegalStateException(
            "Lettuce wants " + type.getName() + " but the shared loops are " + group.getClass());
      }
      return type.cast(group);
    }

    @Override
    public int threadPoolSize() {
      return threads;
    }

    @Override
    public Future<Boolean> release(
        EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
    }

    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit timeUnit) {
      return ImmediateEventExecutor.INSTANCE.newSucceededFuture(Boolean.TRUE);
    }
  }
}
