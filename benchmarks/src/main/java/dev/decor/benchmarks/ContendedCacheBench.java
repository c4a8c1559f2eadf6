package dev.decor.benchmarks;

import dev.decor.benchmarks.woven.WovenService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code @Cached} int-key hits from two threads on one shared instance and key, against a
 * hand-written Caffeine cache and a synchronized {@code LinkedHashMap} LRU. Time is per call, per
 * thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(2)
public class ContendedCacheBench {
  private int id;
  private DecoratedService generated;
  private WovenService woven;
  private EngineService engine;
  private HandWritten hand;
  private SynchronizedLru lru;

  @Setup(Level.Trial)
  public void setUp() {
    id = 42;
    generated = new DecoratedService();
    woven = new WovenService();
    engine = new EngineService();
    hand = new HandWritten(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    lru = new SynchronizedLru();
    generated.cachedInt(id);
    woven.cachedInt(id);
    engine.cachedInt(id);
    hand.cachedIntGet(id);
    lru.cachedInt(id);
  }

  @Benchmark
  public float contended_generated() {
    return generated.cachedInt(id);
  }

  @Benchmark
  public float contended_woven() {
    return woven.cachedInt(id);
  }

  @Benchmark
  public float contended_engine() {
    return engine.cachedInt(id);
  }

  @Benchmark
  public float contended_hand() {
    return hand.cachedIntGet(id);
  }

  @Benchmark
  public float contended_synchronizedLru() {
    return lru.cachedInt(id);
  }
}
