package dev.kairos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kairos.api.ErrorKind;
import dev.kairos.api.FeatureRef;
import dev.kairos.api.KairosException;
import dev.kairos.api.OnlineQuery;
import dev.kairos.api.OnlineResult;
import dev.kairos.stream.StreamCase.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The online store stops answering mid-stream (a Redis of the test's own, paused with {@code CLIENT
 * PAUSE}): within the retry limit the stream waits and resumes with nothing lost or counted twice;
 * past it, the stream stops with an UNAVAILABLE error, and a restarted stream resumes from the last
 * complete write.
 */
class StoreOutageIT {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private static TestBroker broker;
  private static Process redis;
  private static int port;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.start();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    redis =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!cli("ping").contains("PONG")) {
      assertThat(System.nanoTime()).as("redis-server started").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    redis.destroy();
    redis.waitFor(10, TimeUnit.SECONDS);
    broker.close();
  }

  @Test
  void storePausedWithinTheRetryLimit_streamWaitsAndResumes_thenPastIt_stopsAndRestartsExactly()
      throws Exception {
    broker.createTopic("outage", 2);
    List<Event> events = StreamCase.generate(9, 20, 900, NOW, Duration.ofMinutes(5));
    try (StreamRepo repo =
        new StreamRepo(
            dir,
            StreamRepo.Stores.POSTGRES_REDIS,
            StreamCase.definitions("txn_outage", "outage", "1h"),
            broker.bootstrapServers(),
            NOW,
            "redis://127.0.0.1:" + port)) {
      produce(events.subList(0, 300));
      List<String> log = new CopyOnWriteArrayList<>();
      StreamLauncher.Launched run = launch(repo, Duration.ofSeconds(60), log);
      Thread t = new Thread(run.processor()::run, "stream");
      t.start();
      await(run, 300);

      cli("client", "pause", "4000", "ALL");
      produce(events.subList(300, 600));
      await(run, 600);
      run.processor().stop();
      assertThat(run.processor().awaitStopped(Duration.ofSeconds(30))).isTrue();
      assertThat(log).anyMatch(l -> l.startsWith("write failed, retrying in 100 ms"));

      produce(events.subList(600, 900));
      StreamLauncher.Launched strict = launch(repo, Duration.ofSeconds(2), log);
      cli("client", "pause", "8000", "ALL");
      java.util.concurrent.atomic.AtomicReference<Throwable> failed =
          new java.util.concurrent.atomic.AtomicReference<>();
      Thread st =
          new Thread(() -> failed.set(catchThrowable(strict.processor()::run)), "stream-strict");
      st.start();
      st.join(60_000);
      assertThat(st.isAlive()).as("the stream stopped by itself; its log: %s", log).isFalse();
      Throwable failure = failed.get();
      assertThat(failure).isInstanceOf(KairosException.class);
      assertThat(((KairosException) failure).kind()).isEqualTo(ErrorKind.UNAVAILABLE);
      assertThat(failure.getMessage())
          .startsWith("stream of source 'txn' stopped: a batch could not be written for 2 s (")
          .endsWith(
              "); nothing past the last complete write was committed, so restarting resumes from"
                  + " there");

      cli("client", "unpause");
      StreamLauncher.Launched again = launch(repo, Duration.ofSeconds(60), log);
      Thread t2 = new Thread(again.processor()::run, "stream-again");
      t2.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (repo.fs.offlineStore().count(repo.fs.definitions().source("txn").orElseThrow()) < 900
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1_000);
      again.processor().stop();
      assertThat(again.processor().awaitStopped(Duration.ofSeconds(30))).isTrue();

      assertThat(repo.fs.offlineStore().count(repo.fs.definitions().source("txn").orElseThrow()))
          .isEqualTo(900);
      Map<Long, Long> perUser = new HashMap<>();
      events.forEach(e -> perUser.merge(e.user(), 1L, Long::sum));
      List<Object> users = new ArrayList<>(perUser.keySet());
      OnlineResult r =
          repo.fs
              .onlineReader()
              .get(
                  new OnlineQuery(
                      List.of(new FeatureRef("user_windows", "amount_count_lifetime")),
                      null,
                      Map.of("user_id", users),
                      false));
      for (int i = 0; i < users.size(); i++) {
        assertThat(r.columns().get(1).values()[i])
            .as("lifetime count of user %s", users.get(i))
            .isEqualTo(perUser.get((Long) users.get(i)));
      }
    } finally {
      cli("client", "unpause");
    }
  }

  private static StreamLauncher.Launched launch(StreamRepo repo, Duration limit, List<String> log) {
    StreamLauncher.Launched run =
        StreamLauncher.launch(
            repo.fs,
            new StreamLauncher.Request(
                null,
                List.of(),
                null,
                null,
                new StreamProcessor.Options(50, limit, "outage-test", null)),
            new SimpleMeterRegistry());
    run.processor().onLog(log::add);
    return run;
  }

  private static void await(StreamLauncher.Launched run, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (run.metrics().appliedCount() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(run.metrics().appliedCount()).isEqualTo(n);
  }

  private static void produce(List<Event> events) throws Exception {
    try (KafkaProducer<byte[], byte[]> p = broker.producer()) {
      for (Event e : events) {
        p.send(new ProducerRecord<>("outage", e.key(), e.json()));
      }
      p.flush();
    }
  }

  private static String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
