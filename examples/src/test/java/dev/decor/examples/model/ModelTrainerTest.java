package dev.decor.examples.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.data.DatasetGenerator;
import dev.decor.examples.data.ImageFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainerTest {
  @Test
  void forwardScoresEveryClassForEveryImage() {
    try (Backbone model = new ShapeCnn(16, 3, 1); NDManager m = model.manager().newSubManager()) {
      NDArray logits = model.forward(m.randomNormal(new Shape(5, 1, 16, 16)));
      assertThat(logits.getShape()).isEqualTo(new Shape(5, 3));
    }
  }

  @Test
  void freezingLeavesOnlyTheHeadTrainable() {
    try (Backbone model = new ShapeCnn(16, 3, 1)) {
      int all = model.trainableParameters().size();
      model.freeze(true);
      int head = model.trainableParameters().size();
      model.freeze(false);
      assertThat(head).isEqualTo(4); // two linear layers: weight + bias each
      assertThat(all).isGreaterThan(head);
      assertThat(model.trainableParameters()).hasSize(all);
    }
  }

  @Test
  void trainsWithGradOnInEveryStepAndLowersTheLoss(@TempDir Path dir) {
    TrainingConfig config = new TrainingConfig(dir, List.of("circle", "square"), 30, 1, 16, 4, 16, 0.003, 3);
    DatasetGenerator.generateIfMissing(config.trainDir(), config.labels(), 30, 16, 3);
    TrainingSet data = TrainingSet.load(new ImageFolder(config.trainDir()), config.labels(), 16);
    assertThat(data.count()).isEqualTo(60);
    boolean torchGradBefore = GradProbe.torchGradEnabled();
    List<ModelTrainer.EpochStats> seen = new ArrayList<>();
    try (Backbone model = new ShapeCnn(16, 2, 1)) {
      ModelTrainer.Report report = ModelTrainer.train(model, data, config, seen::add);
      assertThat(seen).isEqualTo(report.epochs()).hasSize(4);
      assertThat(report.steps()).isEqualTo(16); // 4 epochs x ceil(60 / 16)
      assertThat(report.stepsWithGradOn()).isEqualTo(report.steps());
      assertThat(report.stepsInTrainingMode()).isEqualTo(report.steps());
      assertThat(report.last().loss()).isLessThan(report.epochs().get(0).loss());
    }
    assertThat(GradProbe.torchGradEnabled()).isEqualTo(torchGradBefore);
  }
}
