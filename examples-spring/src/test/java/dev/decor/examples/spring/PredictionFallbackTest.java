package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.engine.Decor;
import dev.decor.examples.model.ShapeCnn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * {@code PredictionService.predict}'s {@code @Fallback}, woven at compile time: a failing model
 * becomes a clean 503 problem naming the failure and nothing is cached, while a rejected image
 * keeps its own status ({@code ignore}).
 */
class PredictionFallbackTest {
  @Test
  void aFailingModelIsA503AndARejectedImageKeepsItsStatus() {
    // An engine of its own, as the service's context has, installed before PredictionService's
    // chains are built (at its class's initialization): decor's default engine reports to
    // Micrometer's global registry, whose meters every Boot registry started later in this JVM
    // takes in — this test's cache counters would stand there in place of the context's.
    Decor engine = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
    Decor previous = Decor.setGlobal(engine);
    try {
      ImageDecoder decoder = new ImageDecoder(64, 64 * 1024, 256 * 1024, TimeUnit.MILLISECONDS.toNanos(100));
      ShapeCnn cnn = new ShapeCnn(16, 3, 7);
      ShapeModel broken = new ShapeModel(cnn, List.of("circle", "square", "triangle"), 16);
      PredictionService service = new PredictionService(decoder, broken, false);
      cnn.close(); // the model's native memory is gone (say, unloaded by a redeploy): forwards fail
      byte[] image = TestImages.png(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY));
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> service.predict(image))
            .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
              assertThat(e.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
              assertThat(e.getBody().getDetail())
                  .isEqualTo("the model could not answer (" + e.getCause().getClass().getSimpleName()
                      + "); retry shortly");
              assertThat(e.getCause()).isNotInstanceOf(ErrorResponseException.class);
            });
      }
      assertThat(engine.cacheStats("PredictionService.predict").misses())
          .as("a failed prediction is not cached: each call ran the model").isEqualTo(2);

      assertThatThrownBy(() -> service.predict(new byte[] {1, 2, 3}))
          .isInstanceOfSatisfying(ErrorResponseException.class,
              e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
    } finally {
      Decor.setGlobal(previous);
      engine.close();
    }
  }
}
