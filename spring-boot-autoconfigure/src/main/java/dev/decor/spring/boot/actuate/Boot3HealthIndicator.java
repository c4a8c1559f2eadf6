package dev.decor.spring.boot.actuate;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * decor's component of {@code /actuator/health} on Boot 3, whose health API
 * ({@code org.springframework.boot.actuate.health}) Boot 4 replaced: this module compiles against
 * Boot 4, so the Boot 3 {@code HealthIndicator} is implemented by a proxy and its {@code Health}
 * built through method handles, looked up once. Health checks only, never a decorated call.
 * Thread-safe.
 */
final class Boot3HealthIndicator {
  static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
  private static final String HEALTH = "org.springframework.boot.actuate.health.Health";

  private Boot3HealthIndicator() {}

  /** A Boot 3 {@code HealthIndicator} reporting {@code health}. */
  static Object create(DecorHealth health, ClassLoader loader) throws ReflectiveOperationException {
    Class<?> indicator = Class.forName(INDICATOR, false, loader);
    Class<?> healthType = Class.forName(HEALTH, false, loader);
    Class<?> builderType = Class.forName(HEALTH + "$Builder", false, loader);
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodHandle status = lookup.findStatic(healthType, "status",
        MethodType.methodType(builderType, String.class));
    MethodHandle withDetails = lookup.findVirtual(builderType, "withDetails",
        MethodType.methodType(builderType, Map.class));
    MethodHandle build = lookup.findVirtual(builderType, "build",
        MethodType.methodType(healthType));
    return Proxy.newProxyInstance(loader, new Class<?>[] {indicator}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "health":
          DecorHealth.Result result = health.check();
          return build.invoke(withDetails.invoke(status.invoke(result.status()),
              result.details()));
        case "toString":
          return "DecorHealthIndicator(Boot 3)";
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        default:
          return InvocationHandler.invokeDefault(proxy, method, args);
      }
    });
  }
}
