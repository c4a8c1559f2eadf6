package dev.decor.kernel;

import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/** How the engine treats a method's result, from its declared return type. Not API. */
public enum ReturnKind {
  PLAIN,
  VOID,
  /** {@link CompletionStage} or a subtype such as {@code CompletableFuture}: timed and retried asynchronously. */
  ASYNC,
  ITERATOR,
  ITERABLE,
  STREAM;

  public static ReturnKind of(Class<?> type) {
    if (type == void.class) {
      return VOID;
    }
    if (CompletionStage.class.isAssignableFrom(type)) {
      return ASYNC;
    }
    if (type == Iterator.class) {
      return ITERATOR;
    }
    if (type == Iterable.class) {
      return ITERABLE;
    }
    if (type == Stream.class) {
      return STREAM;
    }
    return PLAIN;
  }
}
