package dev.decor.conformance;

/** {@link ColdStartSuite} against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenColdStartTest extends ColdStartSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
