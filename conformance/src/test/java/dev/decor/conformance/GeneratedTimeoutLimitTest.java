package dev.decor.conformance;

/** The timeout, limit and retry-on-results suite against the processor's generated wrappers. */
class GeneratedTimeoutLimitTest extends TimeoutLimitSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
