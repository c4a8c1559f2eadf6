package dev.decor;

/**
 * What a receiver puts in a shared cache key in place of its identity, so that replicas holding
 * the same model share results and replicas holding different ones never do — for a model, its
 * name and version, or a digest of its weights.
 *
 * <p>A {@link Cached#shared() shared} {@code @Cached} instance method keys its shared-tier entries
 * on {@code cacheNamespace()} of the receiver instead of the receiver's identity (which means
 * nothing in another JVM); its class must implement this interface, or the processor (woven mode:
 * the first call) refuses the method with {@code [decor/SharedNamespace]}. Static methods need no
 * namespace. The in-process tier still keys on the receiver's identity.
 *
 * <pre>{@code
 * class Classifier implements CacheNamespace {
 *   public String cacheNamespace() { return "mnist-cnn@" + weightsDigest; }
 *
 *   @Cached(maxSize = 4096, shared = true)
 *   public Prediction predict(byte[] png) { ... }
 * }
 * }</pre>
 *
 * <p>Return the same string for the object's lifetime (it is read on each in-process miss), and
 * change it whenever the results would change: a new version, new weights, another threshold.
 */
public interface CacheNamespace {
  /** The receiver's stable identity across JVMs; not empty. */
  String cacheNamespace();
}
