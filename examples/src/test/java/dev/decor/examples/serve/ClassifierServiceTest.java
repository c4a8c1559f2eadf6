package dev.decor.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.cache.Caches;
import dev.decor.examples.data.DatasetGenerator;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.GradProbe;
import dev.decor.examples.model.ShapeCnn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @InferenceMode} on the real model: the plain class is the control, the generated wrapper the subject. */
class ClassifierServiceTest {
  private static final List<String> LABELS = List.of("circle", "square", "triangle");

  @Test
  void undecoratedPredictOnAFreshThreadRunsWithGradOnAndTheModelTraining(@TempDir Path dir) throws Exception {
    GradProbe.Checks checks = predictOnFreshThread(dir, ClassifierService::new);
    assertThat(checks.calls()).isEqualTo(1);
    assertThat(checks.torchGradOn()).isEqualTo(1);
    assertThat(checks.decorGradOn()).isEqualTo(1);
    assertThat(checks.trainingMode()).isEqualTo(1);
  }

  @Test
  void decoratedPredictTurnsGradOffAndTheModelToEvalThenRestoresBoth(@TempDir Path dir) throws Exception {
    GradProbe.Checks checks = predictOnFreshThread(dir, DecoratedClassifierService::new);
    assertThat(checks.calls()).isEqualTo(1);
    assertThat(checks.allInference()).isTrue();
  }

  @Test
  void notAnImageIsRejectedEveryTimeAndNothingIsCached() {
    try (Backbone model = new ShapeCnn(32, 3, 1)) {
      ClassifierService service = new DecoratedClassifierService(model, LABELS, 32);
      Caches.clear("ClassifierService.predict");
      assertThatThrownBy(() -> service.predict(new byte[] {1, 2, 3}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a PNG or JPEG image");
      assertThatThrownBy(() -> service.predict(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
      assertThat(Caches.stats("ClassifierService.predict").misses()).isEqualTo(2);
      assertThat(Caches.stats("ClassifierService.predict").size()).isZero();
    }
  }

  interface Factory {
    ClassifierService create(Backbone model, List<String> labels, int imageSize);
  }

  /** One predict on a new thread (libtorch grad starts on there) with the model in training mode. */
  private static GradProbe.Checks predictOnFreshThread(Path dir, Factory factory) throws Exception {
    DatasetGenerator.generateIfMissing(dir, LABELS, 1, 32, 1);
    byte[] image = Files.readAllBytes(dir.resolve("circle/circle-00000.png"));
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Backbone model = new ShapeCnn(32, 3, 1)) {
      ClassifierService service = factory.create(model, LABELS, 32);
      Callable<Boolean> call = () -> {
        service.predict(image);
        return GradProbe.torchGradEnabled() && model.isTraining(); // both as before the call
      };
      assertThat(thread.submit(call).get()).isTrue();
      return service.gradChecks();
    } finally {
      thread.shutdownNow();
    }
  }
}
