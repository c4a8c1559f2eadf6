package dev.decor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with this test's class path, for what a JVM cannot test in
 * itself: what it writes to its standard error, its exit, its environment variables.
 */
final class ChildJvm {
  private ChildJvm() {}

  /** What the child JVM wrote to its standard output and error, and its exit status. */
  record Run(int exit, String out, String err) {}

  /**
   * Runs {@code main} with {@code jvmOptions}, in this JVM's environment without its
   * {@code DECOR_*} variables and with {@code environment} added; fails unless it ends within two
   * minutes.
   */
  static Run run(Class<?> main, Map<String, String> environment, String... jvmOptions)
      throws Exception {
    Path err = Files.createTempFile("decor-probe", ".err");
    Path out = Files.createTempFile("decor-probe", ".out");
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(jvmOptions));
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectError(err.toFile())
          .redirectOutput(out.toFile());
      pb.environment().keySet().removeIf(k -> k.startsWith("DECOR_"));
      pb.environment().putAll(environment);
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the probe JVM finished").isTrue();
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(err);
      Files.deleteIfExists(out);
    }
  }
}
