package dev.decor.spring.boot.apps.generated;

import dev.decor.Cached;
import dev.decor.Timed;
import org.springframework.stereotype.Service;

/** Generated: the processor writes {@code DecoratedGeneratedGreeter}, which the context creates. */
@Service
public class GeneratedGreeter {
  private final GreetingFormat format;

  public GeneratedGreeter(GreetingFormat format) {
    this.format = format;
  }

  @Timed
  @Cached(maxSize = 16)
  public String greet(String name) {
    return format.format(name);
  }

  /** Self-invocation: decorated too, since the wrapper overrides {@link #greet}. */
  public String greetTwice(String name) {
    return greet(name) + ", " + greet(name);
  }
}
