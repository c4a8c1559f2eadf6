package dev.decor.conformance;

/** The resilience suite against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenResilienceTest extends ResilienceSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
