package dev.decor.examples.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.aspect.Weaving;
import dev.decor.examples.data.DatasetGenerator;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flaky store and its client (woven: {@code @Retry} on {@code fetch}) over real HTTP on loopback. */
class ObjectStoreTest {
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  @TempDir Path dir;

  @BeforeEach
  void writeObjects() {
    DatasetGenerator.generateIfMissing(dir, List.of("circle", "square"), 3, 16, 1);
  }

  @Test
  void listsKeysAndServesTheExactBytes() throws Exception {
    try (ObjectStoreServer server = ObjectStoreServer.start(dir, 0.0, 0, 1)) {
      ImageStore store = new ImageStore(server.uri());
      List<String> keys = store.list();
      assertThat(keys).hasSize(6).contains("circle/circle-00000.png", "square/square-00002.png");
      assertThat(store.fetch("square/square-00002.png"))
          .isEqualTo(Files.readAllBytes(dir.resolve("square/square-00002.png")));
      assertThat(server.injectedFailures()).isZero();
    }
  }

  @Test
  void missingObjectsAndEscapesAreNotFound() throws Exception {
    try (ObjectStoreServer server = ObjectStoreServer.start(dir, 0.0, 0, 1)) {
      ImageStore store = new ImageStore(server.uri());
      assertThatThrownBy(() -> store.fetch("circle/nope.png")).isInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> store.fetch("../" + dir.getFileName() + "/circle/circle-00000.png"))
          .isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void failsTheConfiguredShareButNeverMoreThanTheCapInARow() throws Exception {
    try (ObjectStoreServer server = ObjectStoreServer.start(dir, 0.5, 2, 3)) {
      int failures = 0;
      int longestStreak = 0;
      int streak = 0;
      for (int i = 0; i < 400; i++) {
        try {
          rawFetch(server, "circle/circle-00001.png");
          streak = 0;
        } catch (ImageStore.StoreUnavailableException e) {
          failures++;
          longestStreak = Math.max(longestStreak, ++streak);
        }
      }
      assertThat(failures).isEqualTo(server.injectedFailures()).isBetween(100, 250);
      assertThat(longestStreak).isEqualTo(2);
      assertThat(server.requests()).isEqualTo(400);
    }
  }

  @Test
  void wovenRetryHidesEveryInjectedFailure() throws Exception {
    assertThat(Weaving.isWoven(ImageStore.class)).isTrue();
    try (ObjectStoreServer server = ObjectStoreServer.start(dir, 0.5, 3, 5)) {
      ImageStore store = new ImageStore(server.uri());
      for (int i = 0; i < 30; i++) {
        assertThat(store.fetch("circle/circle-00002.png")).isNotEmpty();
      }
      assertThat(server.injectedFailures()).isPositive().isEqualTo(store.unavailableAnswers());
      assertThat(store.attempts()).isEqualTo(30 + server.injectedFailures());
    }
  }

  @Test
  void afterFiveAttemptsTheLast503IsRethrown() throws Exception {
    try (ObjectStoreServer server = ObjectStoreServer.start(dir, 0.999, 10, 5)) {
      ImageStore store = new ImageStore(server.uri());
      assertThatThrownBy(() -> store.fetch("square/square-00000.png"))
          .isInstanceOf(ImageStore.StoreUnavailableException.class)
          .hasMessage("object store unavailable (503) for square/square-00000.png");
      assertThat(store.attempts()).isEqualTo(5);
    }
  }

  @Test
  void aMissingObjectIsNotRetried() throws Exception {
    try (ObjectStoreServer server = ObjectStoreServer.start(dir, 0.0, 0, 1)) {
      ImageStore store = new ImageStore(server.uri());
      assertThatThrownBy(() -> store.fetch("circle/nope.png")).isInstanceOf(NoSuchFileException.class);
      assertThat(store.attempts()).isEqualTo(1);
    }
  }

  @Test
  void rejectsAFailureRateOutsideZeroToOne() {
    assertThatThrownBy(() -> ObjectStoreServer.start(dir, 1.0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRate must be in [0, 1), was 1.0");
  }

  /** One HTTP attempt, whatever decorates {@link ImageStore#fetch}. */
  private static byte[] rawFetch(ObjectStoreServer server, String key) throws Exception {
    java.net.http.HttpResponse<byte[]> r = HTTP.send(
        java.net.http.HttpRequest.newBuilder(server.uri().resolve("objects/" + key)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 503) {
      throw new ImageStore.StoreUnavailableException(key);
    }
    return r.body();
  }
}
