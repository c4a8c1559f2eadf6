package dev.decor.conformance;

/** The retry-predicate suite against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenRetryPredicateTest extends RetryPredicateSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
