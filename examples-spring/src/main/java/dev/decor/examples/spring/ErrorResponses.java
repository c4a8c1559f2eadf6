package dev.decor.examples.spring;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One error format for every answer the service gives, RFC 9457 {@code application/problem+json}:
 * Spring MVC's errors and the app's by {@link ErrorAdvice}, the container's error page by
 * {@link ProblemErrorController}, and what Tomcat refuses before the app runs by
 * {@link ProblemReportValve}, installed here as the host's error report valve in place of the
 * HTML one. Every such answer also reaches a client that is still sending the body the service
 * refused: {@link LingeringCloseValve}, an engine valve, reads and discards the rest of it (within
 * {@code sample.max-image-bytes} and {@code sample.body-read-timeout}) before the connection closes.
 */
@Configuration(proxyBeanMethods = false)
public class ErrorResponses {
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReports() {
    return factory -> factory.addContextCustomizers(context ->
        ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemReportValve.class.getName()));
  }

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> lingeringClose(SampleProperties properties) {
    return factory -> factory.addEngineValves(
        new LingeringCloseValve(properties.maxImageBytes().toBytes(), properties.bodyReadTimeout()));
  }
}
