package dev.decor.examples.store;

import dev.decor.breaker.CircuitBreakers;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;

/**
 * Takes the object store down and back up, and records what {@link ImageStore#fetch}'s
 * {@code @CircuitBreaker} did: fetches failed (each after its retries) until the breaker opened;
 * then fetches were refused at once, without a request reaching the store; once the store was back
 * and {@code openFor} had passed, probe fetches went through and closed the breaker again.
 */
public final class OutageDrill {
  /** How many fetches to try while the breaker is open. */
  static final int REFUSED = 5;

  /**
   * What the drill saw.
   *
   * @param failedFetches fetches that failed during the outage before the breaker opened
   * @param failedRequests requests the store answered with 503 until then
   * @param refusedFetches fetches refused by the open breaker
   * @param requestsWhileOpen requests that reached the store while it was open (none)
   * @param probes fetches it took, once the store was back, to close the breaker
   * @param stateAfter the breaker's state at the end
   */
  public record Result(int failedFetches, long failedRequests, int refusedFetches,
      long requestsWhileOpen, int probes, CircuitBreaker.State stateAfter) {}

  private OutageDrill() {}

  /** Runs the drill against {@code key}, an object the store holds. */
  public static Result run(ObjectStoreServer server, ImageStore store, String key)
      throws IOException, InterruptedException {
    CircuitBreaker breaker = CircuitBreakers.get("ImageStore.fetch").orElseThrow();
    long failuresBefore = server.outageFailures();
    server.outage(true);
    int failed = 0;
    while (breaker.getState() != CircuitBreaker.State.OPEN && failed < 20) {
      try {
        store.fetch(key);
      } catch (ImageStore.StoreUnavailableException | CallNotPermittedException e) {
        failed++; // the breaker may open during a fetch's retries: that fetch fails too
      }
    }
    long failedRequests = server.outageFailures() - failuresBefore;
    long requests = server.requests();
    int refused = 0;
    for (int i = 0; i < REFUSED; i++) {
      try {
        store.fetch(key);
      } catch (CallNotPermittedException e) {
        refused++;
      }
    }
    long requestsWhileOpen = server.requests() - requests;
    server.outage(false);
    long openMillis =
        breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
    int probes = 0;
    while (breaker.getState() != CircuitBreaker.State.CLOSED && probes < 10) {
      if (breaker.getState() == CircuitBreaker.State.OPEN) {
        Thread.sleep(openMillis + 100); // the store's usual 503s may fail both probes: wait again
      }
      try {
        store.fetch(key);
      } catch (CallNotPermittedException e) {
        // reopened during this fetch's retries
      }
      probes++;
    }
    return new Result(failed, failedRequests, refused, requestsWhileOpen, probes,
        breaker.getState());
  }
}
