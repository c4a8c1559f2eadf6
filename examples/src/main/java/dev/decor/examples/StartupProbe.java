package dev.decor.examples;

import dev.decor.examples.config.TrainingConfig;
import dev.decor.examples.model.ShapeCnn;
import dev.decor.examples.serve.ClassifierService;
import dev.decor.examples.serve.DecoratedClassifierService;
import dev.decor.examples.serve.Prediction;
import dev.decor.timing.Timings;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.imageio.ImageIO;

/**
 * The sample's time to first prediction, for comparing how the classifier is decorated at start-up:
 * {@code java … dev.decor.examples.StartupProbe generated} calls the processor's
 * {@code DecoratedClassifierService}; {@code … StartupProbe woven} calls {@code ClassifierService}
 * itself, decorated by AspectJ — woven at build time (the module's own classes) or at load time
 * (classes from javac alone, run with {@code -javaagent:aspectjweaver-<version>.jar}). It builds
 * the model (untrained), predicts one drawn image, prints the milliseconds since the JVM started,
 * and exits; it fails if the call was not decorated. {@code benchmarks/startup.sh} runs it in each
 * mode.
 */
public final class StartupProbe {
  private StartupProbe() {}

  public static void main(String[] args) throws IOException {
    boolean generated = args.length > 0 && args[0].equals("generated");
    TrainingConfig config = TrainingConfig.defaults();
    try (ShapeCnn model = new ShapeCnn(config.imageSize(), config.labels().size(), config.seed())) {
      ClassifierService service = generated
          ? new DecoratedClassifierService(model, config.labels(), config.imageSize())
          : new ClassifierService(model, config.labels(), config.imageSize());
      Prediction prediction = service.predict(circle(config.imageSize()));
      long millis = ManagementFactory.getRuntimeMXBean().getUptime();
      if (Timings.stats(MainJob.PREDICT).count() != 1) {
        throw new IllegalStateException("ClassifierService.predict was not decorated ("
            + (generated ? "generated" : "woven") + ")");
      }
      System.out.printf("first prediction (%s): %s after %d ms%n",
          generated ? "generated" : "woven", prediction.label(), millis);
    }
  }

  private static byte[] circle(int size) throws IOException {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillOval(size / 4, size / 4, size / 2, size / 2);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    return png.toByteArray();
  }
}
