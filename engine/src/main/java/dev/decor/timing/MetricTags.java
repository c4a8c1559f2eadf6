package dev.decor.timing;

import dev.decor.MetricTag;
import dev.decor.internal.Messages;
import dev.decor.kernel.MethodKey;
import dev.decor.kernel.UserClasses;
import dev.decor.spec.TimedSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code @Timed} method's {@link MetricTag} parameters, checked and resolved once per chain: the
 * run-time side of the processor's {@code [decor/MetricTag…]} checks, with the same messages (a
 * woven method fails its first call), and each tag's mapper created once. Turns an argument into
 * its tag: the lookup key of the per-method timer cache (the enum constant, the {@code Boolean},
 * the mapped name) and the tag value. Thread-safe.
 */
final class MetricTags {
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Timed");
  /** The most distinct values one mapped tag keeps per method; later ones become {@link #OTHER}. */
  static final int MAX_MAPPED_VALUES = 64;
  static final String OTHER = "other";
  /** The lookup key of a null argument. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** One tag. */
  static final class TagDef {
    final int parameter;
    final String key;
    /** The mapper, or null for an enum or boolean parameter. */
    final MetricTag.Mapper<Object> mapper;
    private final AtomicBoolean warned = new AtomicBoolean();

    TagDef(int parameter, String key, MetricTag.Mapper<Object> mapper) {
      this.parameter = parameter;
      this.key = key;
      this.mapper = mapper;
    }

    /** The cache key of {@code argument}: what the timer of its value is found by. */
    Object lookupKey(Object argument) {
      if (mapper != null) {
        String mapped = mapper.tag(argument);
        return mapped == null ? "null" : mapped;
      }
      return argument == null ? NULL : argument;
    }

    /** The tag value of a {@link #lookupKey}. */
    static String value(Object lookupKey) {
      return lookupKey instanceof Enum<?> e ? e.name() : String.valueOf(lookupKey);
    }

    /** Whether a level with {@code size} values is full: a mapped tag keeps a bounded number. */
    boolean full(int size, String method) {
      if (mapper == null || size < MAX_MAPPED_VALUES) {
        return false;
      }
      if (warned.compareAndSet(false, true)) {
        log.warn(Messages.metricTagOverflow(key, method, MAX_MAPPED_VALUES));
      }
      return true;
    }
  }

  private MetricTags() {}

  /**
   * The tags of {@code tags} for {@code key}'s method, in the spec's order; null when there are
   * none.
   *
   * @throws IllegalArgumentException with a {@code [decor/MetricTag…]} message
   */
  static TagDef[] resolve(MethodKey key, List<TimedSpec.Tag> tags) {
    if (tags.isEmpty()) {
      return null;
    }
    Method method = key.method();
    TagDef[] defs = new TagDef[tags.size()];
    for (int i = 0; i < defs.length; i++) {
      TimedSpec.Tag tag = tags.get(i);
      String parameter = key.parameterName(tag.parameter());
      if (!TimedSpec.checkTagKey(tag.key())) {
        throw new IllegalArgumentException(
            Messages.metricTagKey(tag.key(), parameter, key.signature()));
      }
      for (int j = 0; j < i; j++) {
        if (defs[j].key.equals(tag.key())) {
          throw new IllegalArgumentException(
              Messages.metricTagKey(tag.key(), parameter, key.signature()));
        }
      }
      if (method != null) {
        checkType(method, tag, parameter, key.signature());
      }
      defs[i] = new TagDef(tag.parameter(), tag.key(), tag.mapped() ? create(tag.mapper()) : null);
    }
    return defs;
  }

  private static void checkType(Method method, TimedSpec.Tag tag, String parameter,
      String signature) {
    if (tag.parameter() >= method.getParameterCount()) {
      throw new IllegalArgumentException("No parameter " + tag.parameter() + " in " + signature);
    }
    Class<?> type = method.getParameterTypes()[tag.parameter()];
    if (type.isArray() || Collection.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type) || Iterable.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          Messages.metricTagCardinality(parameter, signature, type.getSimpleName()));
    }
    if (!tag.mapped()) {
      if (!type.isEnum() && type != boolean.class && type != Boolean.class) {
        throw new IllegalArgumentException(
            Messages.metricTagType(parameter, signature, type.getSimpleName()));
      }
      return;
    }
    Class<?> accepted = mappedType(tag.mapper());
    if (!accepted.isAssignableFrom(UserClasses.boxed(type))) {
      throw new IllegalArgumentException(Messages.metricTagMapper(tag.mapper().getSimpleName(),
          "maps " + accepted.getSimpleName() + ", not the parameter's " + type.getSimpleName()));
    }
  }

  @SuppressWarnings("unchecked")
  private static MetricTag.Mapper<Object> create(Class<?> type) {
    Function<String, String> message = reason -> Messages.metricTagMapper(type.getSimpleName(),
        reason);
    if (!MetricTag.Mapper.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(message.apply("does not implement MetricTag.Mapper"));
    }
    Constructor<?> constructor = UserClasses.constructor(type, message);
    return (MetricTag.Mapper<Object>) UserClasses.create(constructor, message);
  }

  /** The erased {@code T} of a {@code MetricTag.Mapper<T>} class; Object when not declared. */
  private static Class<?> mappedType(Class<?> type) {
    return UserClasses.erase(UserClasses.typeArgument(type, MetricTag.Mapper.class));
  }
}
