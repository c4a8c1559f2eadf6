package dev.decor.aspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.engine.Decor;
import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.TimedSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The aspect's chain per join point ({@link JoinPointChains}): what woven classes' first calls
 * rely on when many threads make them at once — each join point keeps the one chain stored first,
 * every thread finds it, and a lookup during another join point's insertion (which copies the
 * table, growing it) never loses one already stored.
 */
class JoinPointChainsTest {
  /** A method for the chains' keys. */
  static class Service {
    String call(String in) {
      return in;
    }
  }

  @Test
  void manyThreadsStoringAtOnceAllKeepAndFindTheFirstChainOfEachJoinPoint() throws Exception {
    int threads = 8;
    int joinPoints = 3_000; // grows the table from 64 slots several times
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < joinPoints; i++) {
      keys.add(new Object());
    }
    try (Decor decor = Decor.builder().build()) {
      List<Chain> candidates = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        candidates.add(decor.chain(MethodKey.of(Service.class, "call", String.class),
            TimedSpec.of("", false)));
      }
      JoinPointChains chains = new JoinPointChains();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Chain[]>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Chain mine = candidates.get(t);
          List<Integer> order = new ArrayList<>();
          for (int i = 0; i < joinPoints; i++) {
            order.add(i);
          }
          Collections.shuffle(order, new Random(t));
          seen.add(pool.submit(() -> {
            start.await();
            Chain[] stored = new Chain[joinPoints];
            for (int i : order) {
              Object key = keys.get(i);
              Chain found = chains.get(key);
              if (found == null) {
                Chain before = chains.putIfAbsent(key, mine);
                found = before != null ? before : mine;
              }
              stored[i] = found;
            }
            // Every join point this thread stored or found is still there, unchanged.
            for (int i = 0; i < joinPoints; i++) {
              if (chains.get(keys.get(i)) != stored[i]) {
                throw new AssertionError("join point " + i + " lost or changed its chain");
              }
            }
            return stored;
          }));
        }
        start.countDown();
        List<Chain[]> results = new ArrayList<>();
        for (Future<Chain[]> f : seen) {
          results.add(f.get(60, TimeUnit.SECONDS));
        }
        for (int i = 0; i < joinPoints; i++) {
          Chain kept = chains.get(keys.get(i));
          assertThat(kept).as("join point %d", i).isNotNull().isIn(candidates);
          for (Chain[] stored : results) {
            assertThat(stored[i]).as("join point %d", i).isSameAs(kept);
          }
        }
        assertThat(chains.get(new Object())).as("a join point never stored").isNull();
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
