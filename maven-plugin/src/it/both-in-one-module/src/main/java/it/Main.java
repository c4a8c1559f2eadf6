package it;

import dev.decor.timing.Timings;

public final class Main {
  public static void main(String[] args) {
    new DecoratedService().work(); // the wrapper's chain; the woven body skips a wrapper
    long once = Timings.stats("Service.work").count();
    new Service().work(); // woven
    long twice = Timings.stats("Service.work").count();
    Jobs.run();
    long jobs = Timings.stats("Jobs.run").count();
    if (once != 1 || twice != 2 || jobs != 1) {
      throw new AssertionError("timed " + once + ", " + twice + ", jobs " + jobs);
    }
    System.out.println("both: wrapper call timed once, woven call once, static job once");
  }
}
