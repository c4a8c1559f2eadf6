package dev.decor.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the usual command-line options and writes the Markdown report ({@link Report}) of
 * that one run: {@code java -cp benchmarks.jar dev.decor.benchmarks.Main --report out.md [jmh
 * options]}. Fails (exit 1) when any benchmark fails or nothing ran, so CI notices.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    Path report = null;
    List<String> jmhArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--report") && i + 1 < args.length) {
        report = Path.of(args[++i]);
      } else {
        jmhArgs.add(args[i]);
      }
    }
    Collection<RunResult> results;
    try {
      Options options = new OptionsBuilder()
          .parent(new CommandLineOptions(jmhArgs.toArray(new String[0])))
          .shouldFailOnError(true)
          .build();
      results = new Runner(options).run();
    } catch (CommandLineOptionException | RunnerException e) {
      System.err.println("Benchmarks failed: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (results.isEmpty()) {
      System.err.println("No benchmark ran: check the include pattern.");
      System.exit(1);
    }
    String markdown = Report.render(results);
    System.out.println();
    System.out.println(markdown);
    if (report != null) {
      Files.writeString(report, markdown);
      System.out.println("Report written to " + report);
    }
  }
}
