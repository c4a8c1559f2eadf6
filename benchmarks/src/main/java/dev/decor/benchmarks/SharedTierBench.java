package dev.decor.benchmarks;

import com.hazelcast.cache.HazelcastCachingProvider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.cache.HazelcastClientCachingProvider;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.decor.CacheNamespace;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.Decor;
import dev.decor.kernel.MethodKey;
import dev.decor.jcache.JCacheTier;
import dev.decor.spec.CachedSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a shared {@code @Cached} tier costs and saves, per call, in one run (p50/p99 from JMH's
 * sample mode): a hit in the in-process tier; a hit in the shared tier (a Hazelcast member in a
 * JVM of its own on 127.0.0.1, reached through a Hazelcast client, the in-process tier emptied
 * before each call); and recomputing the value, with a small convolutional "model" standing in for
 * inference (28×28 input, 8 3×3 filters, a dense layer to 10 classes: ~120k multiply-adds).
 *
 * <p>Run on its own: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main
 * SharedTierBench} (benchmarks/run.sh leaves it out: it starts a cluster member).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dhazelcast.logging.type=none")
@State(Scope.Benchmark)
public class SharedTierBench {
  private static final String CACHE = "SharedTierBench.classify";

  /** The class scores of one image. */
  public record Scores(String label, float[] probabilities) {}

  /** The stand-in model: its namespace is what replicas serving the same weights share. */
  public static final class Model implements CacheNamespace {
    private final float[] filters = new float[8 * 9];
    private final float[] dense = new float[8 * 26 * 26 * 10];

    Model() {
      Random r = new Random(7);
      for (int i = 0; i < filters.length; i++) {
        filters[i] = r.nextFloat() - 0.5f;
      }
      for (int i = 0; i < dense.length; i++) {
        dense[i] = (r.nextFloat() - 0.5f) * 0.01f;
      }
    }

    @Override
    public String cacheNamespace() {
      return "bench-cnn@1";
    }

    public Scores classify(byte[] image) {
      float[] logits = new float[10];
      for (int f = 0; f < 8; f++) {
        for (int y = 0; y < 26; y++) {
          for (int x = 0; x < 26; x++) {
            float acc = 0;
            for (int k = 0; k < 9; k++) {
              acc += (image[(y + k / 3) * 28 + x + k % 3] & 0xFF) * filters[f * 9 + k];
            }
            float activation = Math.max(0, acc);
            int base = ((f * 26 + y) * 26 + x) * 10;
            for (int c = 0; c < 10; c++) {
              logits[c] += activation * dense[base + c];
            }
          }
        }
      }
      int best = 0;
      for (int c = 1; c < 10; c++) {
        best = logits[c] > logits[best] ? c : best;
      }
      return new Scores("digit-" + best, logits);
    }
  }

  private Process member;
  private HazelcastInstance client;
  private Decor engine;
  private Chain chain;
  private final Model model = new Model();
  private final byte[] image = new byte[28 * 28];

  @Setup(Level.Trial)
  public void startCluster() throws Throwable {
    new Random(11).nextBytes(image);
    String cluster = "decor-bench-" + UUID.randomUUID();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    member = new ProcessBuilder(java, "-Xmx512m", "-Dhazelcast.logging.type=none", "-cp",
        System.getProperty("java.class.path"), SharedTierMember.class.getName(), cluster,
        String.valueOf(port)).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(
        new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    for (String line; !"ready".equals(line = out.readLine()); ) {
      if (line == null || System.nanoTime() > deadline) {
        member.destroyForcibly();
        throw new IllegalStateException("the Hazelcast member did not start");
      }
    }
    ClientConfig config = new ClientConfig().setClusterName(cluster);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setAddresses(List.of("127.0.0.1:" + port));
    client = HazelcastClient.newHazelcastClient(config);
    var manager = new HazelcastClientCachingProvider().getCacheManager(
        null, null, HazelcastCachingProvider.propertiesByInstanceItself(client));
    engine = Decor.builder().sharedTier(JCacheTier.of(manager))
        .sharedTimeout(Duration.ofSeconds(1)).build();
    chain = engine.chain(MethodKey.of(Model.class, "classify", byte[].class),
        CachedSpec.builder().name(CACHE).maxSize(1024).shared(true).build());
    call(); // computes and writes the shared entry
    long written = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    do {
      engine.clearCache(CACHE);
      call();
    } while (engine.cacheStats(CACHE).sharedHits() == 0 && System.nanoTime() < written);
    if (engine.cacheStats(CACHE).sharedHits() == 0) {
      throw new IllegalStateException("the shared tier never answered");
    }
  }

  private Object call() throws Throwable {
    return chain.invoke(model, new Object[] {image}, () -> model.classify(image));
  }

  @TearDown(Level.Trial)
  public void stopCluster() throws Exception {
    engine.close();
    client.shutdown();
    member.getOutputStream().close();
    if (!member.waitFor(10, TimeUnit.SECONDS)) {
      member.destroyForcibly();
    }
  }

  /** A hit in the in-process (Caffeine) tier. */
  @Benchmark
  public Object inProcessHit() throws Throwable {
    return call();
  }

  /** Empties this JVM's tier so the next call asks the shared one (not measured). */
  @State(Scope.Thread)
  public static class LocalMiss {
    @Setup(Level.Invocation)
    public void emptyLocalTier(SharedTierBench bench) {
      bench.engine.clearCache(CACHE);
    }
  }

  /** An in-process miss answered by the shared tier (decode included). */
  @Benchmark
  public Object sharedHit(LocalMiss miss) throws Throwable {
    return call();
  }

  /** Running the model, as a call that no tier can answer does. */
  @Benchmark
  public Object recompute() {
    return model.classify(image);
  }
}
