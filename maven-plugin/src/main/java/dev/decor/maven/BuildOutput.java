package dev.decor.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.project.MavenProject;

/**
 * One of a project's two class directories and the class path javac compiled it against: the one
 * place the goals learn where {@code target/classes} and {@code target/test-classes} are.
 */
enum BuildOutput {
  /** {@code target/classes}, compiled against the compile class path. */
  CLASSES,
  /** {@code target/test-classes}, compiled against the test class path (which includes CLASSES). */
  TEST_CLASSES;

  /** The directory, as the project's build configures it. */
  Path directory(MavenProject project) {
    return Path.of(this == CLASSES
        ? project.getBuild().getOutputDirectory()
        : project.getBuild().getTestOutputDirectory());
  }

  /** The class path javac compiled the directory against (the directory itself included). */
  List<String> classPathElements(MavenProject project)
      throws DependencyResolutionRequiredException {
    return this == CLASSES
        ? project.getCompileClasspathElements()
        : project.getTestClasspathElements();
  }
}
