package dev.decor.conformance;

import dev.decor.Timed;
import java.util.concurrent.CompletableFuture;

/** Returns stages the test completes, to observe that timing waits for completion. */
public class AsyncService {
  @Timed
  public CompletableFuture<String> answer(CompletableFuture<String> gate) {
    return gate.thenApply(s -> "answer:" + s);
  }
}
