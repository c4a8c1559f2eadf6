package com.example.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A fresh application: GET /greet?name=… calls the decorated bean. */
@SpringBootApplication
@RestController
public class DemoApplication {
  private final Greeter greeter;

  public DemoApplication(Greeter greeter) {
    this.greeter = greeter;
  }

  @GetMapping("/greet")
  public String greet(@RequestParam String name) {
    return greeter.greet(name);
  }

  public static void main(String[] args) {
    SpringApplication.run(DemoApplication.class, args);
  }
}
