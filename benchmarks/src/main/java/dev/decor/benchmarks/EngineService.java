package dev.decor.benchmarks;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import dev.decor.spec.CachedSpec;
import dev.decor.spec.GradSpec;
import dev.decor.spec.RetrySpec;
import dev.decor.spec.TimedSpec;
import java.lang.reflect.UndeclaredThrowableException;

/**
 * "engine (hand-rolled wrapper)": a hand-written subclass that calls decor's engine exactly as a
 * generated wrapper does — a {@code static final} {@link Chain} per method, built once with
 * {@link Chains#of}, and {@code chain.invoke(this, args, () -> super.m(x))}. It measures the engine
 * independently of the processor's output.
 */
final class EngineService extends Service {
  private static final Chain TIMED = Chains.of(
      MethodKey.of(Service.class, "timed", float[].class), TimedSpec.of("", false));
  @SuppressWarnings("unchecked")
  private static final Chain RETRIED = Chains.of(
      MethodKey.of(Service.class, "retried", float[].class),
      RetrySpec.of(3, "0ms", 1.0, "", 0.0, new Class[] {Exception.class}));
  private static final Chain CACHED_INT = Chains.of(
      MethodKey.of(Service.class, "cachedInt", int.class), CachedSpec.of(128, "", ""));
  private static final Chain CACHED_IMAGE = Chains.of(
      MethodKey.of(Service.class, "cachedImage", byte[].class), CachedSpec.of(128, "", ""));
  private static final Chain NO_GRAD = Chains.of(
      MethodKey.of(Service.class, "noGrad", float[].class), GradSpec.NO_GRAD);
  private static final Chain INFERENCE = Chains.of(
      MethodKey.of(Service.class, "inference", float[].class), GradSpec.INFERENCE);

  @Override
  public float timed(float[] x) {
    try {
      return (float) TIMED.invoke(this, () -> super.timed(x));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  @Override
  public float retried(float[] x) {
    try {
      return (float) RETRIED.invoke(this, () -> super.retried(x));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  @Override
  public float cachedInt(int id) {
    try {
      return (float) CACHED_INT.invoke(this, new Object[] {id}, () -> super.cachedInt(id));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  @Override
  public float cachedImage(byte[] image) {
    try {
      return (float) CACHED_IMAGE.invoke(this, new Object[] {image}, () -> super.cachedImage(image));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  @Override
  public float noGrad(float[] x) {
    try {
      return (float) NO_GRAD.invoke(this, () -> super.noGrad(x));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  @Override
  public float inference(float[] x) {
    try {
      return (float) INFERENCE.invoke(this, () -> super.inference(x));
    } catch (Throwable t) {
      throw unchecked(t);
    }
  }

  /** The methods declare no checked exceptions, so anything checked here is a bug. */
  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new UndeclaredThrowableException(t);
  }
}
