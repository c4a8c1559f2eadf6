package dev.decor.spring.boot.apps.woven;

import dev.decor.Batched;
import dev.decor.Cached;
import dev.decor.Timed;
import dev.decor.Woven;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/** Woven: Spring creates it with {@code new}, the woven class decorates itself. */
@Woven
@Service
public class WovenGreeter {
  /** Opened by a test to let a running batch finish; open unless a test closes it. */
  public static volatile CountDownLatch release = new CountDownLatch(0);
  /** Counted down when a batch starts. */
  public static volatile CountDownLatch started = new CountDownLatch(0);

  @Timed
  @Cached(maxSize = 16)
  public String greet(String name) {
    return "hello " + name;
  }

  @Batched(method = "shoutAll", maxSize = 8, maxWait = "20ms")
  public String shout(String word) {
    throw new AssertionError("batched: runs through shoutAll");
  }

  List<String> shoutAll(List<String> words) {
    started.countDown();
    try {
      if (!release.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while held", e);
    }
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(w.toUpperCase());
    }
    return out;
  }
}
