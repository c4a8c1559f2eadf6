package com.example.demo;

import dev.decor.Cached;
import dev.decor.Timed;
import org.springframework.stereotype.Service;

/** The one annotated bean: woven in place, or replaced by its generated DecoratedGreeter. */
@Service
public class Greeter {
  @Timed
  @Cached(maxSize = 1024)
  public String greet(String name) {
    return "hello " + name;
  }
}
