package dev.decor.config;

import dev.decor.spec.Order;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One decorated method as an engine runs it — what {@code Decor.methods()} reports for every chain
 * built on that engine: its decor name, where it is declared, which front end built its chain,
 * and its decorators in chain order, each with the effective value of every attribute and where
 * that value came from (the annotation, its default, the builder, the environment, a system
 * property, or a live change). Spring's {@code /actuator/decor} shows the same.
 *
 * <p>An immutable snapshot: a later live change shows in the next {@code Decor.methods()}.
 *
 * @param name the decor name ({@code SimpleClass.method}), also the key of method overrides
 * @param declaringClass the binary name of the declaring class; empty for {@code Decorators},
 *     {@code Decor.chain} on a named key, and {@code Decor.batch}
 * @param method the method as messages show it ({@code predict(float[])}); empty where there is
 *     no Java method
 * @param frontEnd the front end that built the chain
 * @param decorators the method's decorators, outermost first ({@link Order}), disabled ones
 *     included
 */
public record DecoratedMethod(String name, String declaringClass, String method,
    FrontEnd frontEnd, List<Decorator> decorators) {

  public DecoratedMethod {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(declaringClass, "declaringClass");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(frontEnd, "frontEnd");
    decorators = List.copyOf(decorators);
  }

  /** The decorator at {@code order}, if the method has it. */
  public Optional<Decorator> decorator(Order order) {
    return decorators.stream().filter(d -> d.order() == order).findFirst();
  }

  /**
   * One decorator of a method.
   *
   * @param order its place in the chain
   * @param name its configuration name ({@code retry}, {@code circuit-breaker}), as keys spell it
   * @param group the name it shares state under on the engine — a cache, batcher, concurrency
   *     limit or circuit breaker name, as {@code Decor.cacheStats}, {@code limitStats},
   *     {@code circuitBreaker} and {@code decor.<caches|batches|limits|breakers>.<name>} keys use
   *     it; empty for a decorator without one
   * @param enabled false when configuration switched it off: the chain was built without it
   * @param enabledBy where {@code enabled} came from ({@link Source#DEFAULT} when nothing set it)
   * @param settings every attribute, in the annotation's declaration order
   * @param refused overrides that were valid values but did not fit this method, each a
   *     {@code [decor/OverrideRefused]} text; the decorator then runs with its annotation's values
   */
  public record Decorator(Order order, String name, String group, boolean enabled,
      Source enabledBy, List<Setting> settings, List<String> refused) {

    public Decorator {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(enabledBy, "enabledBy");
      settings = List.copyOf(settings);
      refused = List.copyOf(refused);
    }

    /** The setting of attribute {@code attribute} ({@code maxAttempts}), if it has one. */
    public Optional<Setting> setting(String attribute) {
      return settings.stream().filter(s -> s.attribute().equals(attribute)).findFirst();
    }
  }

  /**
   * One attribute's effective value.
   *
   * @param attribute the attribute's name as the annotation spells it ({@code maxAttempts})
   * @param value the value as configuration writes it: a number, {@code true}/{@code false}, a
   *     duration or name as given, class names and lists comma-separated
   * @param source where the value came from
   * @param key the configuration key that set it (a system property's or environment
   *     variable's name, or the builder's key); empty for {@link Source#DEFAULT},
   *     {@link Source#ANNOTATION} and {@link Source#LIVE}
   */
  public record Setting(String attribute, String value, Source source, String key) {
    public Setting {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(key, "key");
    }
  }
}
