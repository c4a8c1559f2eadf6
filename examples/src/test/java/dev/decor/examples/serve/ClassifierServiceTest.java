package dev.decor.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.Decorated;
import dev.decor.aspect.Weaving;
import dev.decor.cache.Caches;
import dev.decor.examples.data.DatasetGenerator;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ShapeCnn;
import dev.decor.timing.Timings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code @InferenceMode}, {@code @Cached} and {@code @Timed} on the real model, in both modes: the
 * generated {@code DecoratedClassifierService} and the class itself, woven at compile time.
 */
class ClassifierServiceTest {
  private static final List<String> LABELS = List.of("circle", "square", "triangle");
  private static final String NAME = "ClassifierService.predict";

  @TempDir static Path dir;
  static byte[] image;

  enum Mode {
    GENERATED {
      @Override
      ClassifierService create(Backbone model) {
        return new DecoratedClassifierService(model, LABELS, 32);
      }
    },
    WOVEN {
      @Override
      ClassifierService create(Backbone model) {
        return new ClassifierService(model, LABELS, 32);
      }
    };

    abstract ClassifierService create(Backbone model);
  }

  @BeforeAll
  static void writeImage() throws Exception {
    DatasetGenerator.generateIfMissing(dir, LABELS, 1, 32, 1);
    image = Files.readAllBytes(dir.resolve("circle/circle-00000.png"));
  }

  @Test
  void theClassIsWovenAndTheWrapperIsGenerated() {
    assertThat(Weaving.isWoven(ClassifierService.class)).isTrue();
    assertThat(Decorated.class).isAssignableFrom(DecoratedClassifierService.class);
  }

  @Test
  void aFreshThreadStartsWithGradOnInDecorAndLibtorch() throws Exception {
    try (Backbone model = new ShapeCnn(32, 3, 1)) {
      GradProbe probe = new GradProbe();
      onFreshThread(() -> {
        probe.observe(model);
        return true;
      });
      assertThat(probe.checks()).isEqualTo(new GradProbe.Checks(1, 1, 1, 1)); // what @InferenceMode must undo
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void predictRunsWithGradOffAndTheModelInEvalThenRestoresBoth(Mode mode) throws Exception {
    try (Backbone model = new ShapeCnn(32, 3, 1)) {
      ClassifierService service = mode.create(model);
      boolean restored = onFreshThread(() -> {
        service.predict(image);
        return GradProbe.torchGradEnabled() && model.isTraining();
      });
      assertThat(restored).isTrue();
      assertThat(service.gradChecks().calls()).isEqualTo(1);
      assertThat(service.gradChecks().allInference()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void eachCallIsTimedOnceAndRepeatsAreCacheHits(Mode mode) {
    Timings.reset(NAME);
    Caches.clear(NAME);
    try (Backbone model = new ShapeCnn(32, 3, 1)) {
      ClassifierService service = mode.create(model);
      Prediction first = service.predict(image);
      Prediction second = service.predict(image.clone());
      assertThat(second).isSameAs(first);
      assertThat(Timings.stats(NAME).count()).isEqualTo(2); // decorated exactly once, not by both modes
      assertThat(Caches.stats(NAME).hits()).isEqualTo(1);
      assertThat(Caches.stats(NAME).misses()).isEqualTo(1);
      assertThat(service.gradChecks().calls()).isEqualTo(1);
    }
  }

  @Test
  void notAnImageIsRejectedEveryTimeAndNothingIsCached() {
    try (Backbone model = new ShapeCnn(32, 3, 1)) {
      ClassifierService service = Mode.GENERATED.create(model);
      Caches.clear(NAME);
      assertThatThrownBy(() -> service.predict(new byte[] {1, 2, 3}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a PNG or JPEG image");
      assertThatThrownBy(() -> service.predict(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
      assertThat(Caches.stats(NAME).misses()).isEqualTo(2);
      assertThat(Caches.stats(NAME).size()).isZero();
    }
  }

  /** Runs {@code call} on a new thread, with the model's flag and libtorch grad as a new thread has them. */
  private static <T> T onFreshThread(Callable<T> call) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(call).get();
    } finally {
      thread.shutdownNow();
    }
  }
}
