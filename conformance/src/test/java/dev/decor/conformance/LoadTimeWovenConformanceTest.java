package dev.decor.conformance;

/** The suite against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenConformanceTest extends ConformanceSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
