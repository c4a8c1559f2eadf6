package dev.decor.maven;

import java.nio.file.Path;
import java.util.List;

/** Binary weaving of a directory of class files: the one step {@link IncrementalWeave} delegates. */
interface Weaver {
  /**
   * Weaves every class under {@code in} into {@code out} (same relative paths), adding any classes
   * the weave needs beside them.
   *
   * @param classPath resolves every other class the weave needs, the module's own included
   * @throws WeaveException when the weaver reports errors; {@code out} is then undefined
   */
  void weave(Path in, Path out, List<Path> classPath) throws WeaveException;

  /** The weaver reported errors; the message lists them. */
  final class WeaveException extends Exception {
    private static final long serialVersionUID = 1L;

    WeaveException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
