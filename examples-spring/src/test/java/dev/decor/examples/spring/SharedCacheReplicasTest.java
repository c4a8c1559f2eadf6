package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.Decor;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two replicas of the service sharing one prediction cache, as docs/spring.md runs them: two JVMs,
 * each embedding a Hazelcast member configured by the shipped {@code hazelcast-sample.xml} (here on
 * free loopback ports and with a cluster name of its own, so parallel builds never meet), the
 * sharing switched on by {@code -Ddecor.cache.shared=PredictionService.predict} alone. Each
 * replica generates and trains on its own copy of the data, as replicas on two machines would.
 * Each test starts its two replicas and stops whatever is left of them.
 */
class SharedCacheReplicasTest {
  private static final String CACHE = "PredictionService.predict";
  private static final String NAME = "name=\"" + CACHE + "\"";
  /** C1 only: replicas that live a minute start faster, next to the build's other JVMs. */
  private static final String QUICK_START = "-XX:TieredStopAtLevel=1";
  private static final Path DIR = Path.of("target", "shared-replicas");

  private ServiceJvm a;
  private ServiceJvm b;
  private long startedNanos;
  private long readyNanos;
  private byte[] image;

  /** Replicas A and B, ready, each having served one image of its own. */
  @BeforeEach
  void startReplicas() throws Exception {
    int httpA = ServiceJvm.freePort();
    int httpB = ServiceJvm.freePort();
    int memberA = ServiceJvm.freePort();
    int memberB = ServiceJvm.freePort();
    String cluster = "decor-sample-test-" + UUID.randomUUID();
    startedNanos = System.nanoTime();
    // A shares the cache by a system property, B by a program argument (Boot's environment):
    // the engine reads both, and so must the warm-up that joins the cluster before ready.
    a = replica("a", httpA, memberConfig("a", cluster, memberA, memberB),
        List.of("-D" + Decor.SHARED_PROPERTY + "=" + CACHE), List.of());
    b = replica("b", httpB, memberConfig("b", cluster, memberB, memberA),
        List.of(), List.of("--" + Decor.SHARED_PROPERTY + "=" + CACHE));
    a.awaitReady(Duration.ofSeconds(100));
    b.awaitReady(Duration.ofSeconds(100));
    readyNanos = System.nanoTime();
    for (ServiceJvm replica : List.of(a, b)) {
      assertThat(replica.output()).as("%s joined before ready", replica.log())
          .contains("shared cache tier ready");
    }
    image = Files.readAllBytes(DIR.resolve("a-shapes/test/circle/circle-00000.png"));
    // Each replica first serves an image of its own: a JVM's first shared-tier calls load and
    // compile code and can exceed the 50 ms lookup timeout on a busy build machine.
    assertThat(a.predict(TestImages.withText(image, "warm-up a")).statusCode()).isEqualTo(200);
    assertThat(b.predict(TestImages.withText(image, "warm-up b")).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stopReplicas() throws InterruptedException {
    for (ServiceJvm replica : new ServiceJvm[] {a, b}) {
      if (replica != null) {
        replica.close();
      }
    }
  }

  @Test
  @Timeout(150)
  void aReplicaAnswersWhatTheOtherComputedFromTheSharedTierWithoutRunningItsModel() throws Exception {
    // The same data, seed and libtorch thread count: both trained the same weights.
    String weights = weightsId(a);
    assertThat(weightsId(b)).isEqualTo(weights);
    Counts beforeA = Counts.of(a);
    Counts beforeB = Counts.of(b);
    long putsBefore = sharedPuts(a);

    long t0 = System.nanoTime();
    HttpResponse<String> fromA = a.predict(image);
    long t1 = System.nanoTime();
    // A writes its result to the shared tier in the background once it has answered (a slow
    // tier never delays a response): B can find it when that write is done, not before.
    awaitSharedPuts(a, putsBefore + 1);
    long written = System.nanoTime();
    HttpResponse<String> fromB = b.predict(image);
    long t2 = System.nanoTime();
    HttpResponse<String> again = b.predict(image);
    long t3 = System.nanoTime();

    assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
    assertThat(fromA.body()).startsWith("{\"label\":\"circle\"");
    assertThat(fromB.statusCode()).isEqualTo(200);
    assertThat(fromB.body()).isEqualTo(fromA.body());
    assertThat(again.body()).isEqualTo(fromA.body());

    // A looked in the shared tier, found nothing, ran its model and wrote the result there.
    assertThat(Counts.of(a).minus(beforeA)).isEqualTo(new Counts(0, 1, 0, 1));
    // B's first call was answered by the shared tier, its second by its own in-process tier;
    // its model never ran.
    assertThat(Counts.of(b).minus(beforeB)).isEqualTo(new Counts(1, 0, 1, 0));

    System.out.printf("two replicas ready in %d ms (started together); weights %s%n"
            + "  POST to A (miss: shared lookup, decode, model): %.1f ms%n"
            + "  POST to B (shared-tier hit): %.1f ms%n  POST to B again (in-process hit): %.1f ms%n",
        (readyNanos - startedNanos) / 1_000_000, weights, (t1 - t0) / 1e6, (t2 - written) / 1e6, (t3 - t2) / 1e6);
  }

  /**
   * SIGTERM to A while a request is in flight: A answers it through the shared tier as usual —
   * the lookup, the model, the write of its result — and only then does its member leave the
   * cluster, so B finds the result there. (With Hazelcast's own shutdown hook the member left at
   * the signal: the request fell back to computing and its result never reached B.)
   */
  @Test
  @Timeout(150)
  void aRequestInFlightAtSigtermStillUsesTheSharedTierBeforeTheMemberLeaves() throws Exception {
    byte[] unseen = TestImages.withText(image, "in flight at SIGTERM");
    Counts beforeB = Counts.of(b);
    String answer;
    try (ServiceJvm.InFlight inFlight = a.beginPredict(unseen)) { // A's handler waits for the rest of the body
      Thread.sleep(500);
      a.process().destroy(); // SIGTERM
      Thread.sleep(1_000);
      assertThat(a.process().isAlive()).as("A still finishing the request in flight").isTrue();
      answer = inFlight.finish();
    }
    assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"label\":\"circle\"");
    assertThat(a.process().waitFor(60, TimeUnit.SECONDS)).as("A exited; log %s", a.log()).isTrue();
    assertThat(a.process().exitValue()).isIn(0, 143);
    HttpResponse<String> fromB = b.predict(unseen);
    assertThat(fromB.statusCode()).isEqualTo(200);
    assertThat(answer).contains(fromB.body());
    // A's result reached the cluster before A's member left: B's lookup finds it; B's model never runs.
    assertThat(Counts.of(b).minus(beforeB)).isEqualTo(new Counts(1, 0, 0, 0));
    String logA = a.output();
    assertThat(logA).doesNotContain("[decor/SharedTier").doesNotContain("HazelcastInstanceNotActiveException");
    assertThat(logA.indexOf("Graceful shutdown complete")).as("A's log: %s", a.log()).isNotNegative()
        .isLessThan(logA.indexOf("decor's engine closed"));
    assertThat(logA.indexOf("decor's engine closed")).isLessThan(logA.indexOf("the shared cache's member left the cluster"));
  }

  /** How many shared-tier writes {@code replica} has completed for the prediction cache. */
  private static long sharedPuts(ServiceJvm replica) throws IOException, InterruptedException {
    return count(replica.get("/actuator/prometheus"), "decor_cache_shared_latency_seconds_count",
        NAME, "op=\"put\"");
  }

  private static void awaitSharedPuts(ServiceJvm replica, long puts) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sharedPuts(replica) < puts) {
      assertThat(System.nanoTime()).as("%s's shared-tier write within 30 s", replica).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /**
   * A replica with its member's configuration file, sharing the prediction cache as
   * {@code sharing} (JVM options) or {@code sharingArgs} (program arguments) say.
   */
  private static ServiceJvm replica(String name, int port, Path memberConfig, List<String> sharing,
      List<String> sharingArgs) throws IOException {
    List<String> options = new ArrayList<>(List.of(QUICK_START, "-XX:+UseSerialGC",
        "-Dhazelcast.jcache.provider.type=member", "-Dhazelcast.config=" + memberConfig.toAbsolutePath()));
    options.addAll(sharing);
    List<String> args = new ArrayList<>(List.of("--sample.data-dir=" + DIR.resolve(name + "-shapes"),
        "--sample.images-per-class=10", "--sample.test-images-per-class=1", "--sample.epochs=1"));
    args.addAll(sharingArgs);
    return ServiceJvm.start("replica-" + name, port, options, args);
  }

  /**
   * The shipped member configuration with this test's cluster name, the member's own port (no
   * auto-increment) and both members' addresses in place of the documented 5701, 5702 and 5703.
   */
  private static Path memberConfig(String name, String cluster, int own, int other) throws IOException {
    String xml;
    try (InputStream in = SharedCacheReplicasTest.class.getResourceAsStream("/hazelcast-sample.xml")) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String edited = replaceOnce(xml, "<cluster-name>decor-sample</cluster-name>", "<cluster-name>" + cluster + "</cluster-name>");
    edited = replaceOnce(edited, "<port auto-increment=\"true\" port-count=\"3\">5701</port>",
        "<port auto-increment=\"false\">" + own + "</port>");
    edited = replaceOnce(edited, "<member>127.0.0.1:5701</member>", "<member>127.0.0.1:" + own + "</member>");
    edited = replaceOnce(edited, "<member>127.0.0.1:5702</member>", "<member>127.0.0.1:" + other + "</member>");
    edited = replaceOnce(edited, "<member>127.0.0.1:5703</member>", "");
    Path file = Files.createDirectories(DIR).resolve("hazelcast-" + name + ".xml");
    Files.writeString(file, edited);
    return file;
  }

  private static String replaceOnce(String text, String target, String replacement) {
    assertThat(text).as("hazelcast-sample.xml").containsOnlyOnce(target);
    return text.replace(target, replacement);
  }

  /** The weights the replica logged it serves once trained. */
  private static String weightsId(ServiceJvm replica) throws IOException {
    Matcher m = Pattern.compile("serving predictions with (shape-cnn@sha256:[0-9a-f]{64})").matcher(replica.output());
    assertThat(m.find()).as("weights id in %s", replica.log()).isTrue();
    return m.group(1);
  }

  /**
   * A replica's prediction cache and model counts from {@code /actuator/prometheus}: shared-tier
   * hits and misses, in-process hits, forward passes.
   */
  private record Counts(long sharedHits, long sharedMisses, long localHits, long forwards) {
    static Counts of(ServiceJvm replica) throws IOException, InterruptedException {
      String metrics = replica.get("/actuator/prometheus");
      return new Counts(
          count(metrics, "decor_cache_gets_total", NAME, "result=\"hit\"", "tier=\"shared\""),
          count(metrics, "decor_cache_gets_total", NAME, "result=\"miss\"", "tier=\"shared\""),
          count(metrics, "decor_cache_gets_total", NAME, "result=\"hit\"", "tier=\"local\""),
          count(metrics, "model_inference_seconds_count", "ShapeModel"));
    }

    Counts minus(Counts before) {
      return new Counts(sharedHits - before.sharedHits, sharedMisses - before.sharedMisses,
          localHits - before.localHits, forwards - before.forwards);
    }
  }

  /** The sum of the Prometheus samples of {@code metric} whose labels include every one of {@code labels}. */
  private static long count(String prometheus, String metric, String... labels) {
    double sum = 0;
    for (String line : prometheus.split("\n")) {
      if (line.startsWith(metric + "{") && Stream.of(labels).allMatch(line::contains)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Math.round(sum);
  }
}
