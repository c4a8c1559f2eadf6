package dev.decor.jcache;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@code main} class of the test class path run in a JVM of its own: its standard output kept
 * line by line, its standard error in a file under {@code target/}, and never outliving the test
 * JVM: a shutdown hook destroys it, and a child that calls {@link #exitWithParent} exits by itself
 * when the test JVM is killed outright (its standard input closes).
 */
final class ChildJvm implements AutoCloseable {
  private static final Path LOGS = Path.of("target", "child-jvms");

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread hook;
  private volatile boolean readerRunning = true;

  private ChildJvm(String name, Process process) {
    this.name = name;
    this.process = process;
    this.hook = new Thread(process::destroyForcibly, "destroy " + name);
    Runtime.getRuntime().addShutdownHook(hook);
    Thread reader = new Thread(this::readLines, name + " stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with {@code args}, this JVM's java binary and class path. */
  static ChildJvm start(String name, Class<?> mainClass, List<String> jvmOptions, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    if (Runtime.version().feature() >= 24) {
      // Hazelcast reads memory through sun.misc.Unsafe; JDK 24+ would warn on every start.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(jvmOptions);
    command.add(mainClass.getName());
    command.addAll(args);
    Files.createDirectories(LOGS);
    Process process = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.to(LOGS.resolve(name + ".err").toFile()))
        .start();
    return new ChildJvm(name, process);
  }

  /** In a child: exits this JVM when its standard input closes, that is when the parent ends. */
  static void exitWithParent() {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // The parent sends nothing; wait for the end of the stream.
        }
      } catch (IOException closed) {
        // Same as the end of the stream.
      }
      System.exit(0);
    }, "exit with parent");
    watcher.setDaemon(true);
    watcher.start();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for, and returns, the first output line {@code test} accepts. */
  String awaitLine(Predicate<String> test, Duration timeout) throws InterruptedException, TimeoutException {
    return awaitLines(all -> all.stream().filter(test).findFirst().orElse(null), timeout);
  }

  /** Waits until the last output line starting with {@code prefix} is {@code expected}. */
  void awaitLast(String prefix, String expected, Duration timeout) throws InterruptedException, TimeoutException {
    awaitLines(all -> {
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).startsWith(prefix)) {
          return all.get(i).equals(expected) ? expected : null;
        }
      }
      return null;
    }, timeout);
  }

  private String awaitLines(Function<List<String>, String> find, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        String found = find.apply(lines);
        if (found != null) {
          return found;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !readerRunning) {
          throw new TimeoutException(name + " printed no such line in " + timeout
              + (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; output: " + lines);
        }
        TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  private void readLines() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException closed) {
      // The process ended.
    } finally {
      readerRunning = false;
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  /** Sends {@code kill -<signal>} to the JVM (POSIX only), e.g. STOP to freeze it, CONT to thaw it. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
    if (signal.equals("STOP")) {
      awaitStopped();
    }
  }

  /**
   * Waits (at most 5 s) until the kernel reports the JVM stopped: {@code kill} returns once the
   * signal is sent, and a test must not call a member that may still be answering. Where there is
   * no {@code /proc} there is nothing to wait on.
   */
  private void awaitStopped() throws IOException, InterruptedException {
    Path stat = Path.of("/proc", String.valueOf(process.pid()), "stat");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Files.exists(stat)) {
      String s = Files.readString(stat);
      // "pid (comm) S ...": the state follows the last ')'
      char state = s.charAt(s.lastIndexOf(')') + 2);
      if (state == 'T' || state == 't') {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(name + " did not stop within 5 s (state " + state + ")");
      }
      Thread.sleep(5);
    }
  }

  /** Kills the JVM at once, as a crash or {@code kill -9} would, and waits (bounded) for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Asks the JVM to stop (SIGTERM), then kills it if it has not ended within {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      stop(Duration.ofSeconds(5));
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
    }
  }
}
