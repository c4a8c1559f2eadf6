package dev.decor.engine;

import dev.decor.engine.internal.Chain;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.cache.CacheStats;
import dev.decor.fixtures.FlakyService;
import dev.decor.grad.GradMode;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.Spec;
import dev.decor.spec.TimedSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SPEC's fixed order, {@code @Timed → @Cached → @Retry → grad → method}, whatever order the specs
 * come in.
 */
class OrderTest {
  private static final String NAME = "FlakyService.call";
  private static final MethodKey CALL = MethodKey.of(FlakyService.class, "call", String.class);
  private static final AtomicInteger CACHES = new AtomicInteger();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private String cacheName;

  /** This test's own engine, reporting to its own registry. */
  private Decor decor = Decor.builder().meterRegistry(registry).build();

  @BeforeEach
  void setUp() {
    cacheName = "OrderTest#" + CACHES.incrementAndGet();
  }

  @SuppressWarnings("unchecked")
  private static RetrySpec retry(int maxAttempts, String delay) {
    return RetrySpec.of(maxAttempts, delay, 1.0, "", 0.0, new Class[] {Exception.class});
  }

  private List<Spec> allFour() {
    return List.of(TimedSpec.of("", false), CachedSpec.of(10, "", cacheName), retry(3, "0ms"),
        GradSpec.NO_GRAD);
  }

  static Stream<List<Integer>> permutations() {
    List<List<Integer>> out = new ArrayList<>();
    permute(new ArrayList<>(), List.of(0, 1, 2, 3), out);
    return out.stream();
  }

  private static void permute(List<Integer> prefix, List<Integer> rest, List<List<Integer>> out) {
    if (rest.isEmpty()) {
      out.add(List.copyOf(prefix));
    }
    for (Integer i : rest) {
      prefix.add(i);
      List<Integer> remaining = new ArrayList<>(rest);
      remaining.remove(i);
      permute(prefix, remaining, out);
      prefix.remove(prefix.size() - 1);
    }
  }

  private static Object call(Chain chain, FlakyService service) throws Throwable {
    return chain.invoke(service, new Object[] {"x"}, () -> service.call("x"));
  }

  @ParameterizedTest
  @MethodSource("permutations")
  void theOrderIsFixedWhateverOrderTheSpecsArePassedIn(List<Integer> order) throws Throwable {
    List<Spec> specs = allFour();
    Chain chain = decor.chain(CALL, order.stream().map(specs::get).toArray(Spec[]::new));
    FlakyService service = FlakyService.failing(2);

    assertThat(call(chain, service)).isEqualTo("x@3");
    assertThat(service.gradModes()).as("every attempt runs with grad off")
        .containsExactly(false, false, false);
    assertThat(GradMode.isEnabled()).isTrue();
    assertThat(decor.timingStats(NAME).count()).as("one timing for all attempts").isEqualTo(1);

    assertThat(call(chain, service)).isEqualTo("x@3");
    assertThat(service.attempts()).as("a cache hit skips retries and the method").isEqualTo(3);
    assertThat(decor.timingStats(NAME).count()).as("a cache hit is still timed").isEqualTo(2);
    assertThat(decor.cacheStats(cacheName)).isEqualTo(new CacheStats(1, 1, 0, 1, 10));
    assertThat(registry.get("method.timed").tag("exception", "none").timer().count()).isEqualTo(2);
  }

  @Test
  void timingIncludesEveryAttemptAndWait() throws Throwable {
    Chain chain = decor.chain(CALL, retry(3, "20ms"), TimedSpec.of("", false));
    call(chain, FlakyService.failing(2));
    assertThat(decor.timingStats(NAME).count()).isEqualTo(1);
    assertThat(decor.timingStats(NAME).totalNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
  }

  @Test
  void timingSeesOneFailureWhenRetriesRunOutAndTheFailureIsNotCached() throws Throwable {
    Chain chain = decor.chain(CALL, GradSpec.NO_GRAD, retry(3, "0ms"),
        CachedSpec.of(10, "", cacheName), TimedSpec.of("", false));
    FlakyService service = FlakyService.failing(4);
    assertThatThrownBy(() -> call(chain, service)).isSameAs(service.lastThrown());
    assertThat(service.attempts()).isEqualTo(3);
    assertThat(decor.timingStats(NAME).count()).isEqualTo(1);
    assertThat(registry.get("method.timed").tag("exception", "IOException").timer().count())
        .isEqualTo(1);
    assertThat(GradMode.isEnabled()).as("grad restored after the failure").isTrue();

    assertThat(call(chain, service)).as("the failure was not cached").isEqualTo("x@5");
    assertThat(decor.cacheStats(cacheName).misses()).isEqualTo(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAsyncCallIsTimedOnceAcrossAllItsAsynchronousAttempts() throws Throwable {
    Queue<Runnable> scheduled = new ArrayDeque<>();
    decor = Decor.builder().meterRegistry(registry).scheduler(nanos -> scheduled::add).build();
    String name = "FlakyService.callAsync";
    Chain chain = decor.chain(MethodKey.of(FlakyService.class, "callAsync", String.class),
        retry(3, "10ms"), TimedSpec.of("", false), GradSpec.NO_GRAD);
    FlakyService service = FlakyService.failing(2);
    var result = (CompletableFuture<String>)
        chain.invoke(service, () -> service.callAsync("x"));
    assertThat(decor.timingStats(name).count()).isZero();
    while (!scheduled.isEmpty()) {
      scheduled.poll().run();
    }
    assertThat(result).isCompletedWithValue("x@3");
    assertThat(service.gradModes()).containsExactly(false, false, false);
    assertThat(decor.timingStats(name).count()).isEqualTo(1);
  }

  @Test
  void gradIsRestoredBetweenAttemptsSoWaitsRunInTheCallersMode() throws Throwable {
    List<Boolean> modeWhileWaiting = new ArrayList<>();
    decor = Decor.builder().sleeper(nanos -> modeWhileWaiting.add(GradMode.isEnabled())).build();
    Chain chain = decor.chain(CALL, GradSpec.NO_GRAD, retry(3, "1ms"));
    FlakyService service = FlakyService.failing(2);
    call(chain, service);
    assertThat(service.gradModes()).containsExactly(false, false, false);
    assertThat(modeWhileWaiting).containsExactly(true, true);
  }
}
