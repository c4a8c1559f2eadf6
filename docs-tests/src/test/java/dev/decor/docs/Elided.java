package dev.decor.docs;

/**
 * What an elided body of a snippet ({@code { ... }}, or {@code ...} alone on a line) throws: the
 * snippet compiles, but a statements snippet that reaches it fails its run, since the docs would
 * claim code runs that nobody wrote.
 */
public final class Elided extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Elided() {
    super("reached a body the docs elide ({ ... })");
  }
}
