package dev.decor.conformance;

/** The timeout, limit and retry-on-results suite against classes woven by the load-time weaver. */
class LoadTimeWovenTimeoutLimitTest extends TimeoutLimitSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
