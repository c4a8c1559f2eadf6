package dev.decor.djl;

import ai.djl.pytorch.jni.JniUtils;
import dev.decor.grad.GradMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fresh JVM whose first grad region is entered on a virtual thread (so libtorch loads there),
 * then counts region-free virtual threads that find libtorch's grad mode off. Prints the count.
 */
public final class FirstUseOnAVirtualThread {
  private FirstUseOnAVirtualThread() {}

  public static void main(String[] args) throws Exception {
    try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
      virtual.submit(() -> GradMode.noGrad(() -> null)).get();
      List<Future<Boolean>> modes = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        modes.add(virtual.submit(() -> {
          Thread.sleep(1); // parks, so that the threads spread over the carriers
          return JniUtils.isGradMode();
        }));
      }
      int off = 0;
      for (Future<Boolean> mode : modes) {
        off += mode.get() ? 0 : 1;
      }
      System.out.println("grad-off=" + off);
    }
  }
}
