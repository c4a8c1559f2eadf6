package dev.decor.conformance;

/** The retry-predicate suite against the processor's generated wrappers. */
class GeneratedRetryPredicateTest extends RetryPredicateSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
