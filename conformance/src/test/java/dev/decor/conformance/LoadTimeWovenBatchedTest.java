package dev.decor.conformance;

/** The {@code @Batched} suite against unmodified classes woven by {@code -javaagent:aspectjweaver.jar}. */
class LoadTimeWovenBatchedTest extends BatchedSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
