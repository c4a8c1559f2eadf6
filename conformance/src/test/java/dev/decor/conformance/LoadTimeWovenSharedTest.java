package dev.decor.conformance;

/** The shared-tier suite against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenSharedTest extends SharedSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
