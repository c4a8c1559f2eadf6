package dev.decor.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.aspect.Weaving;
import dev.decor.breaker.CircuitBreakers;
import dev.decor.cache.Caches;
import dev.decor.conformance.woven.DefaultMethods;
import dev.decor.conformance.woven.InvalidValues;
import dev.decor.conformance.woven.StartupService;
import dev.decor.conformance.woven.WovenOnlyService;
import dev.decor.engine.Decor;
import dev.decor.fixtures.Await;
import dev.decor.grad.GradMode;
import dev.decor.internal.Messages;
import dev.decor.limit.LimitStats;
import dev.decor.limit.Limits;
import dev.decor.retry.Retries;
import dev.decor.timing.Timings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only weaving can do, run in each woven {@link Mode}: private, static and final methods, a
 * final class, self-invocation of private methods, and invalid annotation values that the
 * processor would have rejected failing on the first call with the processor's own message.
 */
abstract class WovenOnlySuite {
  abstract Mode mode();

  private Decor previous;

  @BeforeEach
  void startClean() {
    previous = Decor.setGlobal(Decor.builder().instantRetries().build());
  }

  @AfterEach
  void restoreEngine() {
    Decor.setGlobal(previous);
  }

  /**
   * README's {@code Retries.get("ImageStore.fetch").get()} at start-up: a woven class's chains
   * exist once the class is initialised, as a generated wrapper's do, not from its first call.
   */
  @Test
  void aWovenClassesRetryCacheBreakerAndLimitExistOnceItIsInitialisedBeforeAnyCall()
      throws Exception {
    Weaving.requireWoven(initialisedAfresh(StartupService.class));

    assertThat(Retries.get("StartupService.fetch")).isPresent();
    assertThat(Decor.global().cacheNames()).contains("StartupService.lookup");
    assertThat(CircuitBreakers.get("StartupService.call")).isPresent();
    assertThat(Limits.stats("StartupService.admit")).contains(new LimitStats(8, 0, 0, 0));
  }

  /**
   * The aspect keeps a woven class's chains in the class itself (one aspect per woven class), so
   * a class whose loader is dropped — an application redeployed in its container, a devtools
   * restart — is collected with its chains once its engine is gone: nothing static of decor's
   * holds it (a table of every join point's chain in the aspect used to, for ever).
   */
  @Test
  void aWovenClassIsCollectedWithItsLoaderOnceItsEngineIsGone() throws Exception {
    WeakReference<Class<?>> copy = calledOnceInALoaderOfItsOwn();
    Decor.setGlobal(previous); // the test's engine, which built the copy's chains, is dropped
    Await.until("the woven copy and its loader collected", Duration.ofSeconds(60), () -> {
      System.gc();
      return copy.get() == null;
    });
  }

  private static WeakReference<Class<?>> calledOnceInALoaderOfItsOwn() throws Exception {
    Class<?> type = initialisedAfresh(StartupService.class);
    Weaving.requireWoven(type);
    Object service = type.getDeclaredConstructor().newInstance();
    assertThat(type.getMethod("fetch", String.class).invoke(service, "key")).isEqualTo("key");
    assertThat(type.getMethod("call", String.class).invoke(service, "key")).isEqualTo("key");
    return new WeakReference<>(type);
  }

  /**
   * A copy of {@code type} of its own, defined from the same class file by a loader of its own
   * (the load-time weaver weaves it as it defines it) and initialised now, on this test's engine.
   * A class initialises once per loader: the one the suite shares was initialised by whichever
   * test got there first — with both woven modes selected into one JVM (-Dtest), the second mode's
   * run found its engine without the chains, which had been built on the first's.
   */
  private static Class<?> initialisedAfresh(Class<?> type) throws Exception {
    String name = type.getName();
    ClassLoader parent = type.getClassLoader();
    byte[] bytes;
    try (InputStream in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
      bytes = in.readAllBytes();
    }
    ClassLoader own = new ClassLoader(parent) {
      @Override
      protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
        if (!n.equals(name)) {
          return super.loadClass(n, resolve);
        }
        synchronized (getClassLoadingLock(n)) {
          Class<?> c = findLoadedClass(n);
          return c != null ? c : defineClass(n, bytes, 0, bytes.length);
        }
      }
    };
    return Class.forName(name, true, own);
  }

  @Test
  void decoratedDefaultAndStaticMethodsOfAnInterfaceAreWoven() throws Exception {
    DefaultMethods service = new DefaultMethods.Plain();

    assertThat(service.twice(21)).isEqualTo(42);
    assertThat(Timings.stats("DefaultMethods.twice").count()).isEqualTo(1);
    AtomicInteger failuresLeft = new AtomicInteger(2);
    assertThat(service.flaky(failuresLeft)).isEqualTo("ok");
    assertThat(failuresLeft).hasValue(-1); // three attempts
    int before = DefaultMethods.SQUARES.get();
    assertThat(DefaultMethods.square(7)).isEqualTo(49);
    assertThat(DefaultMethods.square(7)).isEqualTo(49);
    assertThat(DefaultMethods.SQUARES.get() - before).isEqualTo(1);
    assertThat(Weaving.isWoven(DefaultMethods.class)).isTrue();
  }

  @Test
  void privateMethodsAreDecoratedAlsoOnSelfInvocation() {
    WovenOnlyService service = mode().create(WovenOnlyService.class);

    assertThat(service.reveal()).isEqualTo(84);

    assertThat(Timings.stats("WovenOnlyService.reveal").count()).isEqualTo(1);
    assertThat(Timings.stats("WovenOnlyService.secret").count()).isEqualTo(2);
  }

  @Test
  void privateNoGradMethodRunsWithoutGrad() {
    WovenOnlyService service = mode().create(WovenOnlyService.class);

    assertThat(service.gradInsidePrivate()).isFalse();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void staticNoGradMethodRunsWithoutGrad() {
    mode().create(WovenOnlyService.class);

    assertThat(WovenOnlyService.gradInsideStatic()).isFalse();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void singleDecoratorMethodsRunTheirBodyWithoutAClosure() {
    WovenOnlyService service = mode().create(WovenOnlyService.class);

    // @Timed, synchronous @Retry and @NoGrad alone: the advice calls the body itself, between the
    // chain's hooks, not through Chain.invoke; woven at build time, ajc inlines that advice into
    // the woven method, so a call builds no closure either (the load-time weaver inlines none).
    Predicate<String> general = mode() == Mode.WOVEN_CTW
        ? WovenOnlySuite::closureOrChain : "dev.decor.engine.internal.Chain.invoke"::equals;
    for (List<String> frames : List.of(service.timedFrames(), WovenOnlyService.staticTimedFrames(),
        service.retriedFrames(), WovenOnlyService.staticRetriedFrames(), service.noGradFrames(),
        WovenOnlyService.staticNoGradFrames())) {
      assertThat(frames).noneMatch(general)
          .anyMatch(f -> f.startsWith(WovenOnlyService.class.getName() + "."));
    }
    // The general path, for contrast: what the check above would see.
    assertThat(service.stackedFrames()).anyMatch(general);
    assertThat(Timings.stats("WovenOnlyService.timedFrames").count()).isEqualTo(1);
    assertThat(Timings.stats("WovenOnlyService.staticTimedFrames").count()).isEqualTo(1);
    assertThat(Timings.stats("WovenOnlyService.stackedFrames").count()).isEqualTo(1);
  }

  private static boolean closureOrChain(String frame) {
    return frame.contains("$AjcClosure") || frame.equals("dev.decor.engine.internal.Chain.invoke");
  }

  @Test
  void staticMethodsAreRetriedAndRethrowTheirCheckedException() {
    mode().create(WovenOnlyService.class);
    int before = WovenOnlyService.STATIC_CALLS.get();

    assertThatThrownBy(WovenOnlyService::staticAlwaysFails)
        .isExactlyInstanceOf(IOException.class)
        .hasMessage("static attempt " + (before + 2));

    assertThat(WovenOnlyService.STATIC_CALLS.get() - before).isEqualTo(2);
  }

  @Test
  void staticMethodsAreCachedWithoutReceiver() {
    mode().create(WovenOnlyService.class);
    int before = WovenOnlyService.STATIC_CALLS.get();

    assertThat(WovenOnlyService.square(12)).isEqualTo(144);
    assertThat(WovenOnlyService.square(12)).isEqualTo(144);

    assertThat(WovenOnlyService.STATIC_CALLS.get() - before).isEqualTo(1);
    assertThat(Caches.stats("WovenOnlyService.square").hits()).isEqualTo(1);
  }

  @Test
  void finalMethodsOfFinalClassesAreRetried() throws Exception {
    WovenOnlyService service = mode().create(WovenOnlyService.class);

    assertThat(service.finalFetch()).isEqualTo("fetched@3");
    assertThat(service.attempts()).isEqualTo(3);
  }

  @Test
  void wovenMethodRunByAGeneratedStyleWrapperIsDecoratedExactlyOnce() {
    mode().create(StackedService.class);
    HandWrittenWrapper wrapper = new HandWrittenWrapper();

    assertThatThrownBy(wrapper::alwaysFails).hasMessage("down");

    // The wrapper's chain ran (2 attempts, 1 timing); the woven super method did not add its own.
    assertThat(wrapper.attempts()).isEqualTo(2);
    assertThat(Timings.stats("StackedService.alwaysFails").count()).isEqualTo(1);
  }

  @Test
  void invalidValuesFailOnFirstCallWithTheProcessorsMessagesAndNeverRunTheBody() {
    InvalidValues invalid = mode().create(InvalidValues.class);

    assertFails(invalid, InvalidValues::zeroAttempts, Messages.retryMaxAttempts(0));
    assertFails(invalid, InvalidValues::badDelay, Messages.badDuration("@Retry(delay)", "soon"));
    assertFails(invalid, InvalidValues::shrinkingBackoff, Messages.retryMultiplier(0.5));
    assertFails(invalid, InvalidValues::fullJitter, Messages.retryJitter(1.0));
    assertFails(invalid, InvalidValues::retryAndIgnore,
        Messages.retryOnAndIgnore(java.io.IOException.class.getName()));
    assertFails(invalid, InvalidValues::negativeSize, Messages.cachedMaxSize(-1));
    assertFails(invalid, InvalidValues::badTtl,
        Messages.badDuration("@Cached(expireAfterWrite)", "10 minutes"));
    assertFails(invalid, InvalidValues::warmUp, Messages.cachedOnVoid("warmUp()"));
    assertFails(invalid, InvalidValues::bothGradModes, Messages.gradConflict("bothGradModes()"));

    assertThat(invalid.bodyRuns).hasValue(0);
  }

  /** Fails on the first call, and again on the next: an invalid chain is never cached. */
  private static void assertFails(InvalidValues target, Consumer<InvalidValues> call,
      String message) {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> call.accept(target))
          .isExactlyInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
    }
  }
}
