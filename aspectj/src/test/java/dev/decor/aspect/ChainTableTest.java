package dev.decor.aspect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.Timed;
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
import org.aspectj.lang.JoinPoint;
import org.aspectj.runtime.reflect.Factory;
import org.junit.jupiter.api.Test;

/**
 * A woven type's chains by join point id ({@link ChainTable}): what a woven class's first calls
 * rely on when many threads make them at once — each join point keeps the one chain stored first,
 * every thread finds it, and a store that grows the array never loses one stored before.
 */
class ChainTableTest {
  /** A decorated method for the join points. */
  static class Service {
    @Timed
    String call(String in) {
      return in;
    }
  }

  @Test
  void manyThreadsStoringAtOnceAllKeepAndFindTheFirstChainOfEachJoinPoint() throws Exception {
    int threads = 8;
    int joinPoints = 3_000; // grows the array one store at a time, thousands of times
    try (Decor decor = Decor.builder().build()) {
      List<Chain> candidates = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        candidates.add(decor.chain(MethodKey.of(Service.class, "call", String.class),
            TimedSpec.of("", false)));
      }
      ChainTable table = new ChainTable();
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
            for (int id : order) {
              Chain found = table.chainAt(id);
              stored[id] = found != null ? found : table.store(id, mine);
            }
            for (int id = 0; id < joinPoints; id++) {
              if (table.chainAt(id) != stored[id]) {
                throw new AssertionError("join point " + id + " lost or changed its chain");
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
        for (int id = 0; id < joinPoints; id++) {
          Chain kept = table.chainAt(id);
          assertThat(kept).as("join point %d", id).isNotNull().isIn(candidates);
          for (Chain[] stored : results) {
            assertThat(stored[id]).as("join point %d", id).isSameAs(kept);
          }
        }
        assertThat(table.chainAt(joinPoints)).as("a join point never stored").isNull();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** A cold start: threads building the same join point's chain at once all get the first one. */
  @Test
  void threadsBuildingOneJoinPointsChainAtOnceAllUseTheOneStoredFirst() throws Exception {
    Factory factory = new Factory("ChainTableTest.java", Service.class);
    JoinPoint.StaticPart joinPoint = factory.makeSJP(JoinPoint.METHOD_EXECUTION,
        factory.makeMethodSig(0, "call", Service.class, new Class<?>[] {String.class},
            new String[] {"in"}, new Class<?>[0], String.class), 1);
    Decor previous = Decor.setGlobal(Decor.builder().build());
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      ChainTable table = new ChainTable();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Chain>> built = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        built.add(pool.submit(() -> {
          start.await();
          return table.chain(joinPoint);
        }));
      }
      start.countDown();
      List<Chain> chains = new ArrayList<>();
      for (Future<Chain> f : built) {
        chains.add(f.get(60, TimeUnit.SECONDS));
      }
      Chain stored = table.chainAt(joinPoint.getId());
      assertThat(stored).isNotNull();
      assertThat(stored.toString()).contains("Service.call");
      assertThat(chains).allSatisfy(chain -> assertThat(chain).isSameAs(stored));
    } finally {
      pool.shutdownNow();
      Decor.setGlobal(previous);
    }
  }
}
