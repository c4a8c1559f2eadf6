package it;

import dev.decor.aspect.Weaving;
import dev.decor.timing.Timings;

public final class Main {
  public static void main(String[] args) {
    Weaving.requireWoven(Store.class);
    String value = new Store().fetch("k");
    Store.answer();
    long timed = Timings.stats("Store.answer").count();
    if (!value.equals("K") || timed != 1) {
      throw new AssertionError("retried to " + value + ", timed " + timed);
    }
    System.out.println("aspectj-maven-plugin: fetched " + value + " on the 3rd attempt, answer timed once");
  }
}
