package dev.decor.conformance;

import dev.decor.Decorated;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import java.io.IOException;

/**
 * A wrapper written the way decor-processor writes {@code DecoratedStackedService}, so that
 * exactly-once under weaving is tested with or without the processor: the woven
 * {@code StackedService.alwaysFails} runs here with a {@link Decorated} receiver and must not
 * decorate a second time.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public class HandWrittenWrapper extends StackedService implements Decorated {
  private static final Chain ALWAYS_FAILS = Chains.of(
      MethodKey.of(StackedService.class, "alwaysFails"),
      TimedSpec.of("", false),
      RetrySpec.of(2, "0ms", 1.0, "", 0.0, new Class[] {Exception.class}));

  @Override
  public String alwaysFails() throws IOException {
    try {
      return (String) ALWAYS_FAILS.invoke(this, () -> super.alwaysFails());
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new java.lang.reflect.UndeclaredThrowableException(t);
    }
  }
}
