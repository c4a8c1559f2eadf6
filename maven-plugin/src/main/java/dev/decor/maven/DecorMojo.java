package dev.decor.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every decor goal shares: the project, the {@code includes}/{@code excludes} that pick the
 * class files it reads, and the class path those files were compiled against.
 */
abstract class DecorMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /**
   * Class files to read (weave, or check), as Ant-style patterns relative to the classes directory
   * (e.g. {@code com/acme/service/**}); all of them when none is given.
   */
  @Parameter
  List<String> includes = new ArrayList<>();

  /**
   * Class files to leave alone (e.g. {@code **}{@code /generated/**}, or fixtures that are invalid
   * on purpose): weaving leaves them as javac wrote them, and the check does not read them.
   */
  @Parameter
  List<String> excludes = new ArrayList<>();

  /** The class files this goal reads, as {@code includes} and {@code excludes} pick them. */
  PathPatterns patterns() {
    return new PathPatterns(includes, excludes);
  }

  /**
   * The class path {@code output} was compiled against, less the directories this goal reads
   * (they are the input, not its dependencies).
   */
  List<Path> classPath(BuildOutput output, Collection<Path> read)
      throws DependencyResolutionRequiredException {
    List<Path> reading = read.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    List<Path> classPath = new ArrayList<>();
    for (String element : output.classPathElements(project)) {
      Path p = Path.of(element);
      if (!reading.contains(p.toAbsolutePath().normalize())) {
        classPath.add(p);
      }
    }
    return classPath;
  }
}
