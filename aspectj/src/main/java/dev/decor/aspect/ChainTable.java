package dev.decor.aspect;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import java.util.Arrays;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * The chains of one woven type's decorated join points, by the id ajc gives each join point of a
 * type (0, 1, …): {@link DecorAspect} is one (an instance per woven class), and
 * {@link DecorInterfaceAspect} keeps one per interface.
 *
 * <p>Thread-safe: a lookup reads an array that is never written once published; a store copies it
 * under the lock (a type stores each of its chains once). A join point's chain, once stored,
 * never changes.
 */
class ChainTable {
  private volatile Chain[] chains = new Chain[0];

  /** The chain stored for join point {@code id}, or null. */
  final Chain chainAt(int id) {
    Chain[] all = chains;
    return id < all.length ? all[id] : null;
  }

  /** The join point's chain: the one stored, or on the join point's first calls one built now. */
  final Chain chain(JoinPoint.StaticPart joinPoint) {
    Chain chain = chainAt(joinPoint.getId());
    return chain != null ? chain : firstChain(joinPoint);
  }

  /**
   * Builds the join point's chain on its first calls. Threads making them at once may each build
   * one, but all use the one that was stored first: a chain holds per-method state of its own (a
   * {@code @Batched} method's batchers), which must not split. What building registers on the
   * engine (cache, retry, timer) is keyed by the method's name and spec and returned again to a
   * second chain, and batchers are created on a chain's first call, so a discarded chain leaves
   * nothing behind. Not built under the lock: building may initialise classes (the global engine,
   * a shared tier) whose own woven methods would then store chains of their own, on other threads
   * too. Not stored on failure: an invalid method keeps failing with its message.
   */
  private Chain firstChain(JoinPoint.StaticPart joinPoint) {
    MethodSignature signature = (MethodSignature) joinPoint.getSignature();
    Chain built = Chains.forMethod(signature.getMethod(), signature.getParameterNames());
    return store(joinPoint.getId(), built);
  }

  /** Stores {@code built} at {@code id} unless a chain is there; returns the one stored. */
  synchronized Chain store(int id, Chain built) {
    Chain first = chainAt(id);
    if (first != null) {
      return first;
    }
    Chain[] grown = Arrays.copyOf(chains, Math.max(chains.length, id + 1));
    grown[id] = built;
    chains = grown;
    return built;
  }
}
