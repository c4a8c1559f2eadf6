package dev.decor.spring.boot.actuate;

import dev.decor.engine.Decor;
import dev.decor.spring.boot.DecorAutoConfiguration;
import dev.decor.spring.boot.DecoratedBeans;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@code /actuator/decor} ({@link DecorEndpoint}) when Actuator is there and exposes it. */
@AutoConfiguration(after = DecorAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnBean(Decor.class)
public class DecorEndpointAutoConfiguration {
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnAvailableEndpoint(endpoint = DecorEndpoint.class)
  public DecorEndpoint decorEndpoint(Decor decor, DecoratedBeans beans) {
    return new DecorEndpoint(decor, beans);
  }
}
