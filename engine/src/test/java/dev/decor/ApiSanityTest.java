package dev.decor;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.decor.cache.CacheStats;
import dev.decor.cache.Caches;
import dev.decor.engine.Decorators;
import dev.decor.grad.GradMode;
import dev.decor.retry.Retries;
import dev.decor.timing.TimingStats;
import dev.decor.timing.Timings;
import org.junit.jupiter.api.Test;

/** Null checks and value semantics of the public API, by Guava testlib. */
class ApiSanityTest {
  @Test
  void publicStaticMethodsRejectNulls() {
    NullPointerTester tester = new NullPointerTester();
    tester.testAllPublicStaticMethods(Timings.class);
    tester.testAllPublicStaticMethods(Caches.class);
    tester.testAllPublicStaticMethods(Retries.class);
    tester.testAllPublicStaticMethods(GradMode.class);
    tester.testAllPublicStaticMethods(Decorators.class);
  }

  @Test
  void statsAreValues() {
    new EqualsTester()
        .addEqualityGroup(CacheStats.EMPTY, new CacheStats(0, 0, 0, 0, 0))
        .addEqualityGroup(new CacheStats(1, 2, 0, 2, 10), new CacheStats(1, 2, 0, 2, 10))
        .addEqualityGroup(TimingStats.EMPTY, new TimingStats(0, 0, 0, 0.0))
        .addEqualityGroup(new TimingStats(2, 10, 7, 5.0))
        .testEquals();
  }
}
