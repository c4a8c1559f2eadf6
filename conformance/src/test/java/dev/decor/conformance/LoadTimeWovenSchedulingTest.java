package dev.decor.conformance;

/** The {@code @Batched} scheduler suite against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenSchedulingTest extends SchedulingSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
