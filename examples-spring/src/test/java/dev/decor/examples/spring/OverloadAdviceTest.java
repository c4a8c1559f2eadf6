package dev.decor.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decor.engine.Decor;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A call refused by its concurrency limit, or cut by its timeout, is answered 503 with
 * {@code Retry-After} and decor's message as problem+json — through Spring MVC and decor's engine,
 * with a controller whose work is a decorated function — in the service's one error format: the
 * same fields as the app's own 503 ({@link ImageRejectedException} through {@link ErrorAdvice}).
 */
class OverloadAdviceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Decor decor = Decor.builder().meterRegistry(new SimpleMeterRegistry()).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService holder = Executors.newSingleThreadExecutor();

  private final Supplier<String> forward = decor.decorate("Model.forward")
      .concurrencyLimit(1)
      .supplier(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "forward";
      });

  private final Supplier<String> hung = decor.decorate("Model.hung")
      .timeout("50ms")
      .supplier(() -> {
        try {
          new CountDownLatch(1).await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return "late";
      });

  @RestController
  class Endpoints {
    @GetMapping("/forward")
    String forward() {
      return forward.get();
    }

    @GetMapping("/hung")
    String hung() {
      return hung.get();
    }

    @GetMapping("/full")
    String full() {
      throw new ImageRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "too many large images are decoding; retry shortly");
    }
  }

  private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Endpoints())
      .setControllerAdvice(new ErrorAdvice(), new OverloadAdvice()).build();

  @AfterEach
  void tearDown() {
    release.countDown();
    holder.shutdownNow();
  }

  @Test
  void aCallRefusedByItsConcurrencyLimitIs503WithRetryAfter() throws Exception {
    Future<String> first = holder.submit(forward::get);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (decor.limitStats("Model.forward").orElseThrow().active() == 0
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }

    mvc.perform(get("/forward"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Messages.concurrencyLimitRejected(
            "Model.forward", "'Model.forward'", 1, "0ms")))
        .andExpect(jsonPath("$.type").value("about:blank"))
        .andExpect(jsonPath("$.title").value("Service Unavailable"))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.instance").value("/forward"));
    release.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("forward");
  }

  @Test
  void aCallCutByItsTimeoutIs503() throws Exception {
    mvc.perform(get("/hung"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "1"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(Messages.timeout("Model.hung", "50ms")))
        .andExpect(jsonPath("$.title").value("Service Unavailable"))
        .andExpect(jsonPath("$.instance").value("/hung"));
  }

  @Test
  void overloadHasTheFieldsAndHeadersOfTheAppsOwn503() throws Exception {
    MvcResult overload = mvc.perform(get("/hung")).andReturn();
    MvcResult own = mvc.perform(get("/full")).andReturn();
    JsonNode overloadBody = JSON.readTree(overload.getResponse().getContentAsString());
    JsonNode ownBody = JSON.readTree(own.getResponse().getContentAsString());

    assertThat(fields(overloadBody)).isEqualTo(fields(ownBody))
        .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance");
    for (String same : List.of("type", "title", "status")) {
      assertThat(overloadBody.get(same)).as(same).isEqualTo(ownBody.get(same));
    }
    assertThat(overload.getResponse().getContentType()).isEqualTo(own.getResponse().getContentType());
    assertThat(overload.getResponse().getHeader("Retry-After"))
        .isEqualTo(own.getResponse().getHeader("Retry-After")).isEqualTo("1");
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
