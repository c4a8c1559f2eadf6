package dev.decor.spring.boot.actuate;

import dev.decor.engine.Decor;
import dev.decor.spring.boot.DecorAutoConfiguration;
import dev.decor.spring.boot.DecorProperties;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * decor's component of {@code /actuator/health}, named {@code decor} (see {@link DecorHealth}),
 * on Boot 4 and on Boot 3. Off with {@code management.health.decor.enabled=false} (or
 * {@code management.health.defaults.enabled=false}), as Boot's own indicators.
 */
@AutoConfiguration(after = DecorAutoConfiguration.class)
@ConditionalOnBean(Decor.class)
@Conditional(DecorHealthAutoConfiguration.OnHealthEnabled.class)
public class DecorHealthAutoConfiguration {
  static final String BEAN = "decorHealthIndicator";

  /** The engine's health, shared by the Boot 4 and Boot 3 indicators. */
  @Bean
  @ConditionalOnMissingBean
  public DecorHealth decorHealth(Decor decor, DecorProperties properties) {
    return new DecorHealth(decor, properties.getHealth());
  }

  /** Boot 4: {@code org.springframework.boot.health}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Boot4 {
    @Bean(name = BEAN)
    @ConditionalOnMissingBean(name = BEAN)
    DecorHealthIndicator decorHealthIndicator(DecorHealth health) {
      return new DecorHealthIndicator(health);
    }
  }

  /** Boot 3: {@code org.springframework.boot.actuate.health}, registered with its type. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Boot3HealthIndicator.INDICATOR)
  @ConditionalOnMissingBean(name = BEAN)
  @Import(Boot3.Registrar.class)
  static class Boot3 {
    static class Registrar implements ImportBeanDefinitionRegistrar {
      @Override
      public void registerBeanDefinitions(AnnotationMetadata metadata,
          BeanDefinitionRegistry registry) {
        ClassLoader loader = ClassUtils.getDefaultClassLoader();
        RootBeanDefinition definition = new RootBeanDefinition();
        try {
          // The type Boot 3 finds health contributors by, before the bean exists.
          definition.setTargetType(ClassUtils.forName(Boot3HealthIndicator.INDICATOR, loader));
        } catch (ClassNotFoundException e) {
          return;
        }
        definition.setInstanceSupplier(() -> {
          try {
            return Boot3HealthIndicator.create(
                ((org.springframework.beans.factory.BeanFactory) registry).getBean(DecorHealth.class),
                loader);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        });
        registry.registerBeanDefinition(BEAN, definition);
      }
    }
  }

  /** {@code management.health.decor.enabled}, else {@code management.health.defaults.enabled}. */
  static class OnHealthEnabled extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context,
        AnnotatedTypeMetadata metadata) {
      String value = context.getEnvironment().getProperty("management.health.decor.enabled");
      if (value == null) {
        value = context.getEnvironment().getProperty("management.health.defaults.enabled", "true");
      }
      return Boolean.parseBoolean(value)
          ? ConditionOutcome.match("decor's health indicator is enabled")
          : ConditionOutcome.noMatch("decor's health indicator is disabled");
    }
  }
}
