package dev.decor.conformance;

import dev.decor.aspect.Weaving;

/**
 * The smallest woven program, used to check docs/aspectj.md's command lines: fails fast with
 * {@code [decor/NotWoven]} without a weaver, prints {@code demo@3 after 3 attempts} with one.
 */
public final class WeavingDemo {
  private WeavingDemo() {}

  public static void main(String[] args) throws Exception {
    Weaving.requireWoven(FlakyService.class);
    FlakyService service = new FlakyService().failFirst(2);
    System.out.println(service.fetch("demo") + " after " + service.attempts() + " attempts");
  }
}
