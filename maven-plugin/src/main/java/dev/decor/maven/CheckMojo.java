package dev.decor.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Reads the compiled classes (as bytes; nothing of the project is loaded) and fails the build when
 * a decor-annotated method is decorated by no mode — neither woven nor overridden by a generated
 * wrapper, the forgotten-configuration case that would otherwise compile and run with no decorator
 * applied — or when an annotation value is invalid, with the same {@code [decor/…]} messages as the
 * processor and the engine. Writes {@code target/decor/decorated.json} and prints every decorated
 * method, its chain in order and its mode.
 *
 * <p>Runs in {@code process-test-classes} by default, so after {@code weave} (in
 * {@code process-classes}) whatever order the goals are listed in.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
    requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class CheckMojo extends DecorMojo {
  /** Also check {@code target/test-classes}. */
  @Parameter(property = "decor.check.testClasses", defaultValue = "false")
  boolean testClasses;

  /** Where the report goes. */
  @Parameter(defaultValue = "${project.build.directory}/decor/decorated.json")
  String report;

  @Parameter(property = "decor.check.skip", defaultValue = "false")
  boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("decor:check: skipped");
      return;
    }
    List<Path> directories = new ArrayList<>();
    directories.add(BuildOutput.CLASSES.directory(project));
    if (testClasses) {
      directories.add(BuildOutput.TEST_CLASSES.directory(project));
    }
    List<DecoratedMethod> methods;
    List<String> errors;
    try (ClassIndex index =
        new ClassIndex(classPath(BuildOutput.TEST_CLASSES, directories))) {
      DecorCheck check = DecorCheck.run(index, directories, patterns());
      methods = check.methods();
      errors = check.errors();
      Path out = Paths.get(report);
      Files.createDirectories(out.getParent());
      Files.writeString(out, CheckReport.json(methods));
      getLog().info("decor:check: " + methods.size() + " decorated method"
          + (methods.size() == 1 ? "" : "s") + " (" + out + ")");
    } catch (IOException | DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("decor:check could not read the classes: " + e, e);
    }
    if (!methods.isEmpty()) {
      CheckReport.table(methods).forEach(line -> getLog().info("  " + line));
    }
    if (!errors.isEmpty()) {
      errors.forEach(getLog()::error);
      throw new MojoFailureException("decor:check found " + errors.size() + " problem"
          + (errors.size() == 1 ? "" : "s") + ":\n" + String.join("\n", errors));
    }
  }
}
