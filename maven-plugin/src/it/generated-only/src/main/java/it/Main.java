package it;

import dev.decor.timing.Timings;

public final class Main {
  public static void main(String[] args) {
    String value = new DecoratedService().fetch("k");
    long timed = Timings.stats("Service.fetch").count();
    if (!value.equals("k!") || timed != 1) {
      throw new AssertionError("got " + value + ", timed " + timed);
    }
    System.out.println("generated-only: " + value + " after a retry, timed once");
  }
}
