package dev.decor.docs;

/** What a statements snippet compiles into: the test calls {@link #run()} under a fresh engine. */
public interface SnippetBody {
  /** Runs the snippet's statements, after its {@code given} declarations. */
  void run() throws Throwable;
}
