package dev.decor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Cached;
import dev.decor.NoGrad;
import dev.decor.Retry;
import dev.decor.Timed;
import dev.decor.cache.Caches;
import dev.decor.grad.GradMode;
import dev.decor.timing.Timings;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChainSmokeTest {
  static class Svc {
    final AtomicInteger calls = new AtomicInteger();

    @Timed @Cached @Retry(maxAttempts = 3) @NoGrad
    public String work(int x) throws IOException {
      if (calls.incrementAndGet() < 3) {
        throw new IOException("flaky " + calls.get());
      }
      return x + ":" + GradMode.isEnabled();
    }

    @Cached
    long fib(int n) throws Throwable {
      return n < 2 ? n : (long) FIB.invoke(this, new Object[] {n - 1}, () -> fib(n - 1))
          + (long) FIB.invoke(this, new Object[] {n - 2}, () -> fib(n - 2));
    }
  }

  static final Chain FIB = Chains.of(MethodKey.of(Svc.class, "fib", int.class), CachedSpec.of(128, "", ""));

  @Test
  void stackedDecoratorsWork() throws Throwable {
    Chain chain = Chains.forMethod(Svc.class.getDeclaredMethod("work", int.class));
    Svc svc = new Svc();
    assertThat(chain.invoke(svc, new Object[] {7}, () -> svc.work(7))).isEqualTo("7:false");
    assertThat(svc.calls).hasValue(3);
    assertThat(chain.invoke(svc, new Object[] {7}, () -> svc.work(7))).isEqualTo("7:false");
    assertThat(svc.calls).hasValue(3);
    assertThat(Caches.stats("Svc.work").hits()).isEqualTo(1);
    assertThat(Timings.stats("Svc.work").count()).isEqualTo(2);
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void recursiveFib() throws Throwable {
    Svc svc = new Svc();
    assertThat((long) FIB.invoke(svc, new Object[] {60}, () -> svc.fib(60))).isEqualTo(1548008755920L);
  }

  @Test
  void lastExceptionRethrown() throws Throwable {
    Chain chain = Chains.of(MethodKey.of(Svc.class, "work", int.class), RetrySpec.of(2, "1ms", 1.0, "", 0.0, new Class[] {Exception.class}));
    AtomicInteger n = new AtomicInteger();
    IOException last = new IOException("2");
    assertThatThrownBy(() -> chain.invoke(null, () -> { throw n.incrementAndGet() == 1 ? new IOException("1") : last; }))
        .isSameAs(last);
  }
}
