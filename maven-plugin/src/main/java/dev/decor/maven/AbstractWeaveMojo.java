package dev.decor.maven;

import dev.decor.maven.Weaver.WeaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.aspectj.bridge.Version;

/**
 * What {@code weave} and {@code test-weave} share: find decor's aspect among the project's
 * dependencies, digest what the weave depends on, and run an {@link IncrementalWeave} over one
 * classes directory with ajc ({@link AjcWeaver}).
 */
abstract class AbstractWeaveMojo extends DecorMojo {
  /** Log every join point ajc advises (two lines per woven method), as ajc's -showWeaveInfo. */
  @Parameter(property = "decor.showWeaveInfo", defaultValue = "false")
  boolean showWeaveInfo;

  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  String pluginVersion;

  private final BuildOutput output;
  private final String goal;

  /**
   * Weaves {@code output} in place; {@code goal} names its working directory under
   * {@code target/decor/}.
   */
  AbstractWeaveMojo(BuildOutput output, String goal) {
    this.output = output;
    this.goal = goal;
  }

  abstract boolean skip();

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip()) {
      getLog().info("decor:weave: skipped");
      return;
    }
    Path classes = output.directory(project);
    if (!Files.isDirectory(classes)) {
      getLog().info("decor:weave: no " + classes + ", nothing to weave");
      return;
    }
    long start = System.nanoTime();
    Path aspect = requireDependencies();
    try {
      List<Path> classPath = classPath(output, List.of(classes));
      PathPatterns patterns = patterns();
      Path work = Paths.get(project.getBuild().getDirectory(), "decor", goal);
      Digests.Known known = Digests.Known.load(work.resolve("classpath.txt"));
      String fingerprint = new Digests()
          .add("decor-maven-plugin " + pluginVersion)
          .add("aspectj " + Version.getText())
          .add("java " + Runtime.version())
          .add(patterns.toString())
          .addClassPath(List.of(aspect), known)
          .addClassPath(classPath, known)
          .hex();
      known.save(work.resolve("classpath.txt"));
      if (getLog().isDebugEnabled()) {
        getLog().debug(String.format(Locale.ROOT, "decor:weave: fingerprint %s in %.3f s",
            fingerprint, (System.nanoTime() - start) / 1e9));
      }
      AjcWeaver ajc = new AjcWeaver(
          List.of(aspect), work.resolve("xlint.properties"), showWeaveInfo, getLog());
      IncrementalWeave.Summary summary =
          new IncrementalWeave(classes, patterns, work, fingerprint).run(ajc, classPath);
      getLog().info(summary.describe() + String.format(Locale.ROOT, "; goal %.3f s in all",
          (System.nanoTime() - start) / 1e9));
    } catch (WeaveException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (IOException | DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("decor:weave failed on " + classes + ": " + e, e);
    }
  }

  /** decor-aspectj's file (the aspect), after checking that aspectjrt is there too. */
  private Path requireDependencies() throws MojoFailureException {
    Artifact aspect = null;
    Artifact runtime = null;
    for (Artifact a : project.getArtifacts()) {
      if (a.getGroupId().equals(DecorNames.GROUP_ID)
          && a.getArtifactId().equals(DecorNames.ASPECT_ARTIFACT)) {
        aspect = a;
      } else if (a.getGroupId().equals(DecorNames.ASPECTJ_GROUP_ID)
          && a.getArtifactId().equals(DecorNames.ASPECTJ_RUNTIME)) {
        runtime = a;
      }
    }
    if (aspect == null || aspect.getFile() == null) {
      throw new MojoFailureException(PluginMessages.missingAspect(project.getId(),
          pluginVersion == null ? "${decor.version}" : pluginVersion));
    }
    if (runtime == null) {
      throw new MojoFailureException(
          PluginMessages.missingRuntime(project.getId(), Version.getText()));
    }
    if (new ComparableVersion(runtime.getBaseVersion())
        .compareTo(new ComparableVersion(Version.getText())) < 0) {
      getLog().warn(PluginMessages.olderRuntime(runtime.getBaseVersion(), Version.getText()));
    }
    return aspect.getFile().toPath();
  }
}
