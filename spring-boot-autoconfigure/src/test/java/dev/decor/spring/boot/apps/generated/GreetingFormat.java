package dev.decor.spring.boot.apps.generated;

import org.springframework.stereotype.Component;

/** A collaborator injected through the generated wrapper's constructor. */
@Component
public class GreetingFormat {
  public String format(String name) {
    return "hello " + name;
  }
}
