package dev.decor.spring.boot.apps.woven;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /greet?name=…}. */
@RestController
public class GreetController {
  private final WovenGreeter greeter;

  public GreetController(WovenGreeter greeter) {
    this.greeter = greeter;
  }

  @GetMapping("/greet")
  public String greet(@RequestParam("name") String name) {
    return greeter.greet(name);
  }
}
