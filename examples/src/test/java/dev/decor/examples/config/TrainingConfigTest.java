package dev.decor.examples.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
  @Test
  void defaultsAreValidAndWithersChangeOneThing() {
    TrainingConfig base = TrainingConfig.defaults();
    TrainingConfig changed = base.withEpochs(3).withLearningRate(0.01);
    assertThat(changed.epochs()).isEqualTo(3);
    assertThat(changed.learningRate()).isEqualTo(0.01);
    assertThat(changed.withEpochs(base.epochs()).withLearningRate(base.learningRate())).isEqualTo(base);
    assertThat(base.trainDir()).isEqualTo(base.dataDir().resolve("train"));
  }

  @Test
  void rejectsANegativeLearningRateWithAClearMessage() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withLearningRate(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be positive, was -0.1");
    assertThatThrownBy(() -> TrainingConfig.defaults().withLearningRate(Double.NaN))
        .hasMessage("learningRate must be positive, was NaN");
  }

  @Test
  void rejectsOtherInvalidValues() {
    assertThatThrownBy(() -> TrainingConfig.defaults().withEpochs(0)).hasMessage("epochs must be at least 1, was 0");
    assertThatThrownBy(() -> TrainingConfig.defaults().withBatchSize(-4)).hasMessage("batchSize must be at least 1, was -4");
    assertThatThrownBy(() -> new TrainingConfig(Path.of("x"), List.of("a", "a"), 1, 1, 32, 1, 1, 0.1, 0))
        .hasMessage("labels must be distinct, was [a, a]");
    assertThatThrownBy(() -> new TrainingConfig(Path.of("x"), List.of("a", "b"), 1, 1, 30, 1, 1, 0.1, 0))
        .hasMessage("imageSize must be a multiple of 4, was 30");
  }

  @Test
  void labelsAreCopiedSoTheCallersListCannotChangeTheConfig() {
    List<String> labels = new ArrayList<>(List.of("circle", "square"));
    TrainingConfig config = new TrainingConfig(Path.of("x"), labels, 1, 1, 32, 1, 1, 0.1, 0);
    labels.add("triangle"); // the mutable-default pitfall, avoided
    assertThat(config.labels()).containsExactly("circle", "square");
    assertThatThrownBy(() -> config.labels().add("hexagon")).isInstanceOf(UnsupportedOperationException.class);
  }
}
