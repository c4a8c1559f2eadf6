package dev.decor.processor;

import com.google.auto.common.BasicAnnotationProcessor;
import com.google.auto.service.AutoService;
import dev.decor.internal.Messages;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.tools.Diagnostic.Kind;

/**
 * decor's annotation processor: validates {@code @Timed}, {@code @Fallback}, {@code @Cached},
 * {@code @Batched}, {@code @Retry}, {@code @CircuitBreaker}, {@code @Timeout},
 * {@code @ConcurrencyLimit}, {@code @NoGrad} and
 * {@code @InferenceMode} at compile time and generates, for each type with
 * annotated methods, a {@code Decorated…} wrapper that runs those methods through decor's engine
 * — a subclass {@code DecoratedService extends Service} for a class, a delegating
 * {@code DecoratedModel implements Model} for an interface.
 *
 * <p>Classes marked {@code @Woven}, or all classes under {@code -Adecor.wrappers=false}, get no
 * wrapper and none of the wrapper-only checks: AspectJ weaving decorates them.
 *
 * <p>Add it to the compiler's {@code annotationProcessorPaths}; javac finds it through
 * {@code META-INF/services}. Mistakes (a private annotated method, {@code @Retry(maxAttempts = 0)},
 * {@code @Cached} on a void method…) fail the build with an error on the offending line; every
 * message starts with a stable ID such as {@code [decor/CachedOnVoid]}.
 *
 * <p>Steps, in order: one validation step per annotation family, then the wrapper step; after
 * each round, a scan for annotations in local and anonymous classes, which javac does not show
 * to processors. All problems of a compilation are reported together; the processor never crashes
 * javac (an internal failure is reported as an error on the type being processed).
 */
@AutoService(Processor.class)
public final class DecorProcessor extends BasicAnnotationProcessor {
  /**
   * {@code -Adecor.wrappers=false}: generate no wrappers in this compilation (its classes are
   * woven); attribute values are still checked. {@code @Woven} does the same per class. Values
   * other than {@code true} and {@code false} are an error ({@code [decor/WrappersOption]}).
   */
  static final String WRAPPERS_OPTION = "decor.wrappers";

  private LocalClassScanner localClasses;

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(WRAPPERS_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  protected Iterable<? extends Step> steps() {
    if (!WrapperStep.validWrappersOption(processingEnv)) {
      processingEnv.getMessager().printMessage(Kind.ERROR, Messages.wrappersOption(
          processingEnv.getOptions().get(WRAPPERS_OPTION)));
    }
    localClasses = WrapperStep.wrappersEnabled(processingEnv)
        ? LocalClassScanner.create(processingEnv)
        : null; // woven classes: local and anonymous ones are woven too
    Reports reports = new Reports(processingEnv.getMessager());
    return List.of(
        new ValuesStep(processingEnv, reports),
        new FallbackStep(processingEnv, reports),
        new RetryStep(processingEnv, reports),
        new DecoratorStep(processingEnv, reports, TypeNames.CIRCUIT_BREAKER),
        new DecoratorStep(processingEnv, reports, TypeNames.TIMEOUT),
        new ConcurrencyLimitStep(processingEnv, reports),
        new CachedStep(processingEnv, reports),
        new BatchedStep(processingEnv, reports),
        new GradStep(processingEnv, reports),
        new MetricTagStep(processingEnv, reports),
        new WrapperStep(processingEnv, reports));
  }

  @Override
  protected void postRound(RoundEnvironment round) {
    if (localClasses != null && !round.processingOver()) {
      try {
        localClasses.scan(round.getRootElements());
      } catch (RuntimeException | LinkageError e) {
        processingEnv.getMessager().printMessage(Kind.WARNING,
            "[decor/ProcessorError] decor could not check local and anonymous classes: " + e);
      }
    }
  }
}
