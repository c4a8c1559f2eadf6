package dev.decor.spec;

import dev.decor.Fallback;
import dev.decor.internal.Messages;
import dev.decor.internal.TypeRef;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@code @Fallback}, validated at construction with the same messages the processor
 * reports: no {@link Error} in {@code on} (an Error never falls back), no class in both {@code on}
 * and {@code ignore}. {@code method} names the fallback method (empty for the programmatic front
 * end, which is handed the fallback function); whether it fits is checked where the method is
 * known (the processor, or the woven chain's first call). Build one with {@link #builder()};
 * immutable.
 */
public record FallbackSpec(
    String method,
    List<Class<? extends Throwable>> on,
    List<Class<? extends Throwable>> ignore)
    implements Spec {

  public FallbackSpec {
    Objects.requireNonNull(method, "method");
    on = List.copyOf(on);
    ignore = List.copyOf(ignore);
    Attributes.requireValid(on, ignore, FallbackSpec::checkOn, Messages::fallbackOnAndIgnore);
  }

  /** A builder with {@code @Fallback}'s defaults; the form generated code calls. */
  public static Builder builder() {
    return new Builder();
  }

  /** The error for the annotation's {@code method} (a Java identifier), or null. */
  public static String checkMethod(String method) {
    return Attributes.isIdentifier(method) ? null : Messages.fallbackMethodName(method);
  }

  /** The error for a class listed in {@code on}: an {@link Error} never falls back. */
  public static String checkOn(TypeRef type) {
    return type.isSubtypeOf(Error.class) ? Messages.fallbackOnError(type.name()) : null;
  }

  @Override
  public Order order() {
    return Order.FALLBACK;
  }

  /**
   * Collects {@code @Fallback}'s attributes by name, starting from the annotation's defaults;
   * {@link #build()} validates. Part of the surface generated code calls. Not thread-safe.
   */
  public static final class Builder {
    private String method = "";
    private List<Class<? extends Throwable>> on = List.of(Exception.class);
    private List<Class<? extends Throwable>> ignore = List.of();

    private Builder() {}

    /** {@link Fallback#method()}. */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** {@link Fallback#on()}. */
    @SafeVarargs
    public final Builder on(Class<? extends Throwable>... on) {
      this.on = Attributes.classes(on);
      return this;
    }

    /** {@link Fallback#ignore()}. */
    @SafeVarargs
    public final Builder ignore(Class<? extends Throwable>... ignore) {
      this.ignore = Attributes.classes(ignore);
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException with a {@link Messages} text for an invalid value
     */
    public FallbackSpec build() {
      return new FallbackSpec(method, on, ignore);
    }
  }
}
