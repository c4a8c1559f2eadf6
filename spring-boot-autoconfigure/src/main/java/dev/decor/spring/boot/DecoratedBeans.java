package dev.decor.spring.boot;

import dev.decor.internal.Messages;
import dev.decor.spring.boot.DecoratedTypes.Mode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.util.ClassUtils;

/**
 * Decorated beans without proxies, in both of decor's modes.
 *
 * <ul>
 *   <li><b>Generated</b>: a bean whose class has a processor-generated wrapper
 *       ({@code DecoratedService} for {@code Service}) is created as that wrapper — its bean
 *       definition's class is swapped before any bean exists. The wrapper has the same
 *       constructors, so injection is unchanged, and self-invocation is decorated.</li>
 *   <li><b>Woven</b>: a bean of a woven class is decorated as it is.</li>
 *   <li>Every decorated bean depends on {@link DecorLifecycle}, so it is created after the
 *       context's engine became the global one.</li>
 *   <li><b>Start-up check</b>: a bean with decor annotations that is neither fails its creation
 *       with {@code [decor/BeanNotDecorated]}, naming the bean and the methods — without the
 *       check its annotations would silently do nothing.</li>
 * </ul>
 *
 * <p>It also remembers each decorated bean and its mode for {@code /actuator/decor}. Thread-safe.
 */
public final class DecoratedBeans implements BeanFactoryPostProcessor, BeanPostProcessor {
  private final boolean generatedBeans;
  private final boolean check;
  private final String lifecycleBean;
  private final Map<String, Bean> beans = new ConcurrentHashMap<>();
  private final Map<Class<?>, List<Method>> annotated = new ConcurrentHashMap<>();

  DecoratedBeans(boolean generatedBeans, boolean check, String lifecycleBean) {
    this.generatedBeans = generatedBeans;
    this.check = check;
    this.lifecycleBean = lifecycleBean;
  }

  /** One decorated bean: its name, its class (the wrapper's superclass when generated), mode. */
  public record Bean(String name, Class<?> type, String mode, List<Method> methods) {}

  /** The decorated beans created so far, by bean name. */
  public Map<String, Bean> beans() {
    return Collections.unmodifiableMap(new TreeMap<>(beans));
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory factory)
      throws BeansException {
    ClassLoader loader = factory.getBeanClassLoader() != null
        ? factory.getBeanClassLoader() : ClassUtils.getDefaultClassLoader();
    for (String name : factory.getBeanDefinitionNames()) {
      BeanDefinition definition = factory.getBeanDefinition(name);
      String className = definition.getBeanClassName();
      if (className == null || definition.getFactoryMethodName() != null
          || name.equals(lifecycleBean)) {
        continue;
      }
      Class<?> type;
      try {
        type = ClassUtils.forName(className, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      List<Method> methods = annotated(type);
      if (methods.isEmpty()) {
        continue;
      }
      if (generatedBeans && DecoratedTypes.modeOf(null, type, methods) == null) {
        Class<?> wrapper = DecoratedTypes.wrapperOf(type, loader);
        if (wrapper != null && definition instanceof AbstractBeanDefinition abstractDefinition) {
          abstractDefinition.setBeanClass(wrapper);
        }
      }
      dependOnLifecycle(definition);
    }
  }

  private void dependOnLifecycle(BeanDefinition definition) {
    String[] dependsOn = definition.getDependsOn();
    List<String> all = new ArrayList<>(dependsOn == null ? List.of() : List.of(dependsOn));
    if (!all.contains(lifecycleBean)) {
      all.add(lifecycleBean);
      definition.setDependsOn(all.toArray(new String[0]));
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String name) throws BeansException {
    Class<?> type = AopProxyUtils.ultimateTargetClass(bean);
    List<Method> methods = annotated(type);
    if (methods.isEmpty()) {
      return bean;
    }
    Mode mode = DecoratedTypes.modeOf(bean, type, methods);
    if (mode == null) {
      if (check) {
        throw new BeanCreationException(name, Messages.beanNotDecorated(name, type.getName(),
            describe(DecoratedTypes.unwoven(methods)),
            DecoratedTypes.wrapperName(type)));
      }
      return bean;
    }
    beans.put(name, new Bean(name, DecoratedTypes.userClass(type), mode.label(), methods));
    return bean;
  }

  private List<Method> annotated(Class<?> type) {
    return annotated.computeIfAbsent(type, DecoratedTypes::annotatedMethods);
  }

  private static String describe(Collection<Method> methods) {
    StringJoiner all = new StringJoiner(", ");
    methods.stream()
        .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName() + "(" + params(m) + ")")
        .sorted()
        .forEach(all::add);
    return all.toString();
  }

  private static String params(Method m) {
    StringJoiner params = new StringJoiner(",");
    for (Class<?> p : m.getParameterTypes()) {
      params.add(p.getSimpleName());
    }
    return params.toString();
  }
}
