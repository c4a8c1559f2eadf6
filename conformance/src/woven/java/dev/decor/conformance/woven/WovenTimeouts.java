package dev.decor.conformance.woven;

import dev.decor.Timeout;
import java.util.concurrent.CountDownLatch;

/** A {@code @Timeout} only weaving reaches: a private static method, which hangs. */
public class WovenTimeouts {
  /** Calls the private static method; weaving bounds it. */
  public static String hangPrivately() throws InterruptedException {
    return hang();
  }

  @Timeout("50ms")
  private static String hang() throws InterruptedException {
    new CountDownLatch(1).await();
    return "never";
  }
}
