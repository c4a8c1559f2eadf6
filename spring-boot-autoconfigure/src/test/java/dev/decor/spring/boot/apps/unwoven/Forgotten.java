package dev.decor.spring.boot.apps.unwoven;

import dev.decor.Timed;
import dev.decor.Woven;
import org.springframework.stereotype.Service;

/** Says it is woven, but decor:test-weave leaves this package out. */
@Woven
@Service
public class Forgotten {
  @Timed
  public String hello() {
    return "hello";
  }
}
