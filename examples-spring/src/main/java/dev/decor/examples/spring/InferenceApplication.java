package dev.decor.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The sample shape classifier as a Spring Boot service: {@code POST /predict} (image bytes → JSON
 * label and scores), {@code /actuator/health} and {@code /actuator/prometheus}.
 *
 * <p>Start-up order matters: Tomcat binds its port before the model trains (a taken port fails
 * in seconds, not after training), and {@link ModelTraining} trains while the readiness state
 * still refuses traffic. Run it as {@code java -Xmx512m -XX:+ExitOnOutOfMemoryError -jar decor-examples-spring-….jar}
 * (docs/spring.md) so SIGTERM reaches this JVM, which then finishes in-flight requests.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class InferenceApplication {
  public static void main(String[] args) {
    SpringApplication.run(InferenceApplication.class, args);
  }
}
