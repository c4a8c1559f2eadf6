package dev.decor.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@link WeaveMojo} for {@code target/test-classes}, after the test sources are compiled: for
 * decor annotations written in test code. {@code decor-aspectj} may be a test-scoped dependency.
 */
@Mojo(name = "test-weave", defaultPhase = LifecyclePhase.PROCESS_TEST_CLASSES,
    requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class TestWeaveMojo extends AbstractWeaveMojo {
  /** Skip weaving the test classes (also skipped with {@code maven.test.skip}). */
  @Parameter(property = "decor.testWeave.skip", defaultValue = "false")
  boolean skip;

  @Parameter(property = "maven.test.skip", defaultValue = "false")
  boolean skipTests;

  public TestWeaveMojo() {
    super(BuildOutput.TEST_CLASSES, "test-weave");
  }

  @Override
  boolean skip() {
    return skip || skipTests;
  }
}
