package dev.decor.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import dev.decor.engine.Decor;
import dev.decor.spring.boot.apps.generated.DecoratedGeneratedGreeter;
import dev.decor.spring.boot.apps.generated.GeneratedApp;
import dev.decor.spring.boot.apps.generated.GeneratedGreeter;
import dev.decor.spring.boot.apps.unwoven.UnwovenApp;
import dev.decor.spring.boot.apps.woven.WovenApp;
import dev.decor.spring.boot.apps.woven.WovenGreeter;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Fresh Spring Boot applications — the starter's auto-configuration, one annotated bean, one build
 * entry for its mode — on a real embedded server at 127.0.0.1 and a random port, called over HTTP:
 * the timer on {@code /actuator/prometheus}, the chain on {@code /actuator/decor}, health, a cache
 * cleared through the endpoint, and shutdown closing the engine after draining a batch.
 */
class FreshAppTest {
  private static final String[] PROPERTIES = {
      "server.address=127.0.0.1",
      "server.port=0",
      "spring.main.banner-mode=off",
      "management.endpoints.web.exposure.include=decor,health,prometheus",
      "management.endpoint.decor.access=unrestricted",
      "management.endpoint.health.show-details=always",
  };

  static ConfigurableApplicationContext start(Class<?> app, String... more) {
    List<String> all = new ArrayList<>(List.of(PROPERTIES));
    all.addAll(List.of(more));
    return new SpringApplicationBuilder(app).properties(all.toArray(new String[0])).run();
  }

  @ParameterizedTest
  @ValueSource(strings = {"woven", "generated"})
  void timerOnPrometheusAndChainOnActuatorDecorWithNoOtherConfiguration(String mode) {
    Class<?> app = mode.equals("woven") ? WovenApp.class : GeneratedApp.class;
    String type = mode.equals("woven") ? WovenGreeter.class.getName()
        : GeneratedGreeter.class.getName();
    String name = mode.equals("woven") ? "WovenGreeter.greet" : "GeneratedGreeter.greet";
    try (ConfigurableApplicationContext context = start(app)) {
      Http http = new Http(context);
      assertThat(http.get("/greet?name=ada").body()).isEqualTo("hello ada");
      assertThat(http.get("/greet?name=ada").body()).isEqualTo("hello ada");

      String prometheus = http.get("/actuator/prometheus").body();
      assertThat(prometheus).containsPattern("method_timed_seconds_count\\{class=\""
          + type.replace(".", "\\.") + "\",exception=\"none\",method=\"greet\"[^}]*} 2(\\.0)?\n");

      String decor = http.get("/actuator/decor").body();
      String method = "$.methods[?(@.name == '" + name + "')]";
      assertThat(JsonPath.<List<String>>read(decor, method + ".mode")).containsExactly(mode);
      assertThat(JsonPath.<List<String>>read(decor, method + ".class")).containsExactly(type);
      assertThat(JsonPath.<List<String>>read(decor, method + ".chain[*].decorator"))
          .containsExactly("TIMED", "CACHED");
      assertThat(JsonPath.<Integer>read(decor, "$.caches['" + name + "'].hits")).isEqualTo(1);
      assertThat(JsonPath.<Integer>read(decor, "$.caches['" + name + "'].misses")).isEqualTo(1);

      HttpResponse<String> cleared = http.delete("/actuator/decor/caches/" + name);
      assertThat(cleared.statusCode()).isEqualTo(200);
      assertThat(JsonPath.<Integer>read(cleared.body(), "$.hits")).isZero();
      assertThat(context.getBean(Decor.class).cacheStats(name).size()).isZero();

      HttpResponse<String> health = http.get("/actuator/health/decor");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
    }
  }

  @Test
  void theContextCreatesTheGeneratedWrapperInPlaceOfItsClass() {
    try (ConfigurableApplicationContext context = start(GeneratedApp.class)) {
      GeneratedGreeter greeter = context.getBean(GeneratedGreeter.class);
      assertThat(greeter).isInstanceOf(DecoratedGeneratedGreeter.class);
      greeter.greetTwice("bob");
      // self-invocation is decorated: the second call hits the cache the first one filled
      assertThat(context.getBean(Decor.class).cacheStats("GeneratedGreeter.greet").hits())
          .isEqualTo(1);
    }
  }

  @Test
  void applicationPropertiesOverrideAnnotationValuesAndTheEndpointSaysSo() {
    try (ConfigurableApplicationContext context = start(GeneratedApp.class,
        "decor.methods[GeneratedGreeter.greet].cached.max-size=7",
        "decor.methods.GeneratedGreeter.greet.timed.enabled=false")) {
      Http http = new Http(context);
      assertThat(http.get("/greet?name=ada").body()).isEqualTo("hello ada");

      String decor = http.get("/actuator/decor").body();
      assertThat(JsonPath.<Integer>read(decor, "$.caches['GeneratedGreeter.greet'].maxSize"))
          .isEqualTo(7);
      String chain = "$.methods[?(@.name == 'GeneratedGreeter.greet')].chain";
      assertThat(JsonPath.<List<Object>>read(decor, chain + "[?(@.decorator == 'CACHED')]"
          + ".settings[?(@.attribute == 'maxSize')].source")).containsExactly("BUILDER");
      assertThat(JsonPath.<List<Object>>read(decor, chain + "[?(@.decorator == 'TIMED')]"
          + ".enabled")).containsExactly(false);
      assertThat(http.get("/actuator/prometheus").body())
          .doesNotContain("class=\"" + GeneratedGreeter.class.getName() + "\"");
    }
  }

  @Test
  void aBatcherIsTunedLiveThroughTheEndpoint() {
    try (ConfigurableApplicationContext context = start(WovenApp.class)) {
      Http http = new Http(context);
      assertThat(context.getBean(WovenGreeter.class).shout("a")).isEqualTo("A");

      HttpResponse<String> tuned = http.postJson("/actuator/decor/batches/WovenGreeter.shout",
          "{\"attribute\": \"maxSize\", \"value\": \"4\"}");
      assertThat(tuned.statusCode()).isEqualTo(200);
      assertThat(JsonPath.<Integer>read(tuned.body(), "$['WovenGreeter.shout'].maxSize"))
          .isEqualTo(4);
      assertThat(context.getBean(Decor.class).batchStats().get("WovenGreeter.shout").maxSize())
          .isEqualTo(4);
      String row = "$['WovenGreeter.shout']";
      assertThat(JsonPath.<String>read(tuned.body(), row + ".queueTimeout")).isEqualTo("none");
      assertThat(JsonPath.<Boolean>read(tuned.body(), row + ".adaptive")).isFalse();
      // The scheduler's settings show as they are tuned, beside maxSize and maxWait.
      http.postJson("/actuator/decor/batches/WovenGreeter.shout",
          "{\"attribute\": \"queueTimeout\", \"value\": \"250ms\"}");
      String scheduled = http.postJson("/actuator/decor/batches/WovenGreeter.shout",
          "{\"attribute\": \"adaptive\", \"value\": \"true\"}").body();
      assertThat(JsonPath.<String>read(scheduled, row + ".queueTimeout")).isEqualTo("250ms");
      assertThat(JsonPath.<Boolean>read(scheduled, row + ".adaptive")).isTrue();
      assertThat(JsonPath.<List<Integer>>read(scheduled, row + ".preferredSizes")).isEmpty();
      assertThat(JsonPath.<Integer>read(scheduled, row + ".maxCost")).isZero();

      HttpResponse<String> refused = http.postJson("/actuator/decor/batches/WovenGreeter.shout",
          "{\"attribute\": \"maxSize\", \"value\": \"0\"}");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(context.getBean(Decor.class).batchStats().get("WovenGreeter.shout").maxSize())
          .isEqualTo(4);
    }
  }

  @Test
  void writeOperationsNeedUnrestrictedAccess() {
    try (ConfigurableApplicationContext context = start(WovenApp.class,
        "management.endpoint.decor.access=read-only")) {
      Http http = new Http(context);
      http.get("/greet?name=ada");
      assertThat(http.delete("/actuator/decor/caches/WovenGreeter.greet").statusCode())
          .isIn(404, 405);
      assertThat(context.getBean(Decor.class).cacheStats("WovenGreeter.greet").size()).isOne();
    }
  }

  @Test
  void startUpFailsNamingABeanThatIsNeitherWovenNorGenerated() {
    assertThatThrownBy(() -> start(UnwovenApp.class).close())
        .hasStackTraceContaining("[decor/BeanNotDecorated] bean 'forgotten'")
        .hasStackTraceContaining("Forgotten.hello()");
  }

  @Test
  void theContextsEngineIsGlobalWhileItRunsAndClosesAfterDrainingItsBatches() throws Exception {
    WovenGreeter.release = new CountDownLatch(1);
    WovenGreeter.started = new CountDownLatch(1);
    Decor before = Decor.global();
    ConfigurableApplicationContext context = start(WovenApp.class);
    Decor engine = context.getBean(Decor.class);
    assertThat(Decor.global()).isSameAs(engine);
    WovenGreeter greeter = context.getBean(WovenGreeter.class);

    List<CompletableFuture<String>> calls = new ArrayList<>();
    calls.add(CompletableFuture.supplyAsync(() -> greeter.shout("first")));
    assertThat(WovenGreeter.started.await(10, TimeUnit.SECONDS)).isTrue();
    // the first batch is running (held by the latch); these queue behind it
    for (int i = 0; i < 5; i++) {
      String word = "w" + i;
      calls.add(CompletableFuture.supplyAsync(() -> greeter.shout(word)));
    }
    Await.until(() -> engine.batchStats().get("WovenGreeter.shout").queued() == 5);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
    Await.until(() -> engine.batchStats().get("WovenGreeter.shout").closed());
    WovenGreeter.release.countDown();
    closing.get(30, TimeUnit.SECONDS);

    List<String> answers = new ArrayList<>();
    for (CompletableFuture<String> call : calls) {
      answers.add(call.get(10, TimeUnit.SECONDS));
    }
    assertThat(answers).containsExactly("FIRST", "W0", "W1", "W2", "W3", "W4");
    assertThat(Decor.global()).isNotSameAs(engine).isSameAs(before);
    assertThat(engine.batchStats().get("WovenGreeter.shout").running()).isZero();
  }
}
