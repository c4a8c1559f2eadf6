package dev.decor.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Weaves decor's aspect into {@code target/classes} in place, after javac: decor's annotations then
 * work on the classes as compiled — private, static and final methods, objects a framework creates,
 * self-invocation — with no {@code -javaagent}. Needs {@code dev.decor:decor-aspectj} among the
 * project's dependencies (it brings {@code aspectjrt}); needs no other plugin or setting.
 *
 * <p>Incremental: only classes that changed since the last build are handed to the weaver, and a
 * build with no change weaves nothing (see docs/maven-plugin.md for what counts as a change).
 *
 * <pre>{@code
 * <plugin>
 *   <groupId>dev.decor</groupId>
 *   <artifactId>decor-maven-plugin</artifactId>
 *   <version>…</version>
 *   <executions><execution><goals><goal>weave</goal><goal>check</goal></goals></execution></executions>
 * </plugin>
 * }</pre>
 */
@Mojo(name = "weave", defaultPhase = LifecyclePhase.PROCESS_CLASSES,
    requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public class WeaveMojo extends AbstractWeaveMojo {
  /** Skip weaving the main classes. */
  @Parameter(property = "decor.weave.skip", defaultValue = "false")
  boolean skip;

  public WeaveMojo() {
    super(BuildOutput.CLASSES, "weave");
  }

  @Override
  boolean skip() {
    return skip;
  }
}
