package it;

import dev.decor.timing.Timings;

public final class Main {
  public static void main(String[] args) {
    String greeting = new Greeter().greet();
    new Store().fetch("k");
    long greeted = Timings.stats("Greeter.greet").count();
    long fetched = Timings.stats("Store.fetch").count();
    if (greeted != 1 || fetched != 1) {
      throw new AssertionError("timed " + greeted + ", " + fetched);
    }
    System.out.println("incremental: " + greeting + ", every call timed once");
  }
}
