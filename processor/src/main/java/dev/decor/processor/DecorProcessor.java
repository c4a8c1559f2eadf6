package dev.decor.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.auto.service.AutoService;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.lang.model.SourceVersion;

/**
 * decor's annotation processor: validates {@code @Timed}, {@code @Retry}, {@code @Cached},
 * {@code @NoGrad} and {@code @InferenceMode} at compile time and generates, for each type with
 * annotated methods, a {@code Decorated…} wrapper that runs those methods through decor's engine
 * — a subclass {@code DecoratedService extends Service} for a class, a delegating
 * {@code DecoratedModel implements Model} for an interface.
 *
 * <p>Add it to the compiler's {@code annotationProcessorPaths}; javac finds it through
 * {@code META-INF/services}. Mistakes (a private annotated method, {@code @Retry(maxAttempts = 0)},
 * {@code @Cached} on a void method…) fail the build with an error on the offending line; every
 * message starts with a stable ID such as {@code [decor/CachedOnVoid]}.
 *
 * <p>Steps, in order: one validation step per annotation family, then the wrapper step. All
 * problems of a compilation are reported together; the processor never crashes javac (an internal
 * failure is reported as an error on the type being processed).
 */
@AutoService(Processor.class)
public final class DecorProcessor extends BasicAnnotationProcessor {
  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  protected Iterable<? extends Step> steps() {
    Reports reports = new Reports(processingEnv.getMessager());
    return List.of(
        new TimedStep(processingEnv, reports),
        new RetryStep(processingEnv, reports),
        new CachedStep(processingEnv, reports),
        new GradStep(processingEnv, reports),
        new WrapperStep(processingEnv, reports));
  }
}
