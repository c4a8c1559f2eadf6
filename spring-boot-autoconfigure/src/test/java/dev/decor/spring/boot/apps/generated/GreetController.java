package dev.decor.spring.boot.apps.generated;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /greet?name=…}. */
@RestController
public class GreetController {
  private final GeneratedGreeter greeter;

  public GreetController(GeneratedGreeter greeter) {
    this.greeter = greeter;
  }

  @GetMapping("/greet")
  public String greet(@RequestParam("name") String name) {
    return greeter.greet(name);
  }
}
