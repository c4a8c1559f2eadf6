package dev.decor.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Virtual threads for suites compiled for Java 17; a test that needs them is skipped before 21. */
final class VirtualThreads21 {
  private VirtualThreads21() {}

  /** A new virtual-thread-per-task executor; skips the calling test before Java 21. */
  static ExecutorService executor() {
    ExecutorService executor;
    try {
      executor = (ExecutorService) Executors.class
          .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      executor = null;
    }
    assumeTrue(executor != null, "virtual threads need Java 21+");
    return executor;
  }
}
