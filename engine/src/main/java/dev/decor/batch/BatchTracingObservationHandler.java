package dev.decor.batch;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Makes each batch's span ({@code decor.batch}) a root span with a link to the span of each
 * item's caller: the OpenTelemetry shape of a fan-in, where one unit of work answers many
 * requests and no single one is its parent (a Kafka batch consumer's span links its messages).
 *
 * <p>Micrometer's Observation API has no links (micrometer #7127, tracing #1160), so decor's
 * {@link Batcher} cannot ask for them; its {@link BatchObservationContext} lists the callers'
 * Observations instead, and this micrometer-tracing handler reads their spans and adds the links
 * when it starts the batch's span — before the span starts, where OpenTelemetry wants them (a
 * sampler sees them). A caller that queued several items of one batch is linked once; an item
 * queued outside any Observation, or under one no tracing handler made a span for, adds none.
 *
 * <p>Register it ahead of micrometer-tracing's default handler, in one first-matching group, so
 * it makes the batch spans and the default one makes every other span:
 *
 * <pre>{@code
 * observations.observationConfig().observationHandler(
 *     new ObservationHandler.FirstMatchingCompositeObservationHandler(
 *         new BatchTracingObservationHandler(tracer),
 *         new DefaultTracingObservationHandler(tracer)));
 * }</pre>
 *
 * <p>Spring Boot groups the {@code TracingObservationHandler} beans that way itself, in bean
 * order; decor's starter declares this one, ahead of Boot's default. It is not a
 * {@code DefaultTracingObservationHandler}, so declaring it as a bean never stands in for Boot's
 * (which Boot makes only when there is none). Needs micrometer-tracing on
 * the class path (an optional dependency of decor's engine; nothing else loads it). Thread-safe.
 */
public class BatchTracingObservationHandler
    implements TracingObservationHandler<BatchObservationContext> {
  private final Tracer tracer;

  /** A handler whose batch spans {@code tracer} makes. */
  public BatchTracingObservationHandler(Tracer tracer) {
    this.tracer = Objects.requireNonNull(tracer, "tracer");
  }

  @Override
  public Tracer getTracer() {
    return tracer;
  }

  /** Only batches: {@link BatchObservationContext}. */
  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof BatchObservationContext;
  }

  /** Starts the batch's span: no parent, a link to each caller's span. */
  @Override
  public void onStart(BatchObservationContext context) {
    Span.Builder span = tracer.spanBuilder().setNoParent().name(getSpanName(context));
    Set<String> linked = new HashSet<>();
    for (Observation caller : context.callers()) {
      TracingContext tracing = caller.getContext().get(TracingContext.class);
      Span callerSpan = tracing == null ? null : tracing.getSpan();
      if (callerSpan != null && linked.add(callerSpan.context().spanId())) {
        span.addLink(new Link(callerSpan));
      }
    }
    getTracingContext(context).setSpan(span.start());
  }

  /** Ends the batch's span with its name and key values, as micrometer-tracing's default does. */
  @Override
  public void onStop(BatchObservationContext context) {
    Span span = getRequiredSpan(context);
    span.name(getSpanName(context));
    tagSpan(context, span);
    endSpan(context, span);
  }
}
