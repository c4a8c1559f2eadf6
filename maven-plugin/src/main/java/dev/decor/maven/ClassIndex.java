package dev.decor.maven;

import dev.decor.internal.TypeRef;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes a check reads, by internal name: the module's own (from its class directories)
 * and, on demand, any other class on its class path or in the JDK, read as bytes and never
 * loaded. Answers "is this class a subtype of that one" for {@link TypeRef}s, so a rule such as
 * "{@code retryOn} must not list an {@code Error}" sees the user's own exception classes.
 *
 * <p>Not thread-safe; one per check. Close it to release the class path's jar files.
 */
final class ClassIndex implements Closeable {
  private final Map<String, ClassInfo> own = new LinkedHashMap<>();
  private final List<Path> classPath;
  private final Map<Path, ZipFile> jars = new HashMap<>();
  private final Map<String, ClassInfo> others = new HashMap<>();

  /**
   * @param classPath directories and jars to look up classes the module refers to; the JDK's
   *     classes are found without being listed
   */
  ClassIndex(List<Path> classPath) {
    this.classPath = List.copyOf(classPath);
  }

  /** Adds a class of the module itself. */
  void add(ClassInfo type) {
    own.put(type.name(), type);
  }

  /** The module's classes, in the order they were added. */
  Iterable<ClassInfo> own() {
    return own.values();
  }

  /** A class of the module, or null. */
  ClassInfo get(String name) {
    return own.get(name);
  }

  /** A class of the module or of its class path or the JDK, or null where none is found. */
  ClassInfo find(String name) {
    ClassInfo type = own.get(name);
    if (type == null && !others.containsKey(name)) {
      byte[] bytes = readClassPath(name + ".class");
      others.put(name, bytes == null ? null : ClassInfo.read(bytes));
    }
    return type != null ? type : others.get(name);
  }

  /**
   * Whether {@code name} is {@code supertype} or extends or implements it, directly or not. A
   * supertype that cannot be found ends that branch of the search.
   */
  boolean isSubtype(String name, String supertype) {
    Deque<String> pending = new ArrayDeque<>(List.of(name));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (next.equals(supertype)) {
        return true;
      }
      ClassInfo type = seen.add(next) ? find(next) : null;
      if (type != null) {
        pending.addAll(type.supertypes());
      }
    }
    return false;
  }

  /** The view of class {@code name} that {@code Attribute} rules take. */
  TypeRef typeRef(String name) {
    return new TypeRef() {
      @Override
      public String name() {
        return name.replace('/', '.');
      }

      @Override
      public boolean isSubtypeOf(Class<?> type) {
        return isSubtype(name, type.getName().replace('.', '/'));
      }
    };
  }

  private byte[] readClassPath(String resource) {
    try {
      for (Path entry : classPath) {
        if (Files.isDirectory(entry)) {
          Path file = entry.resolve(resource);
          if (Files.isRegularFile(file)) {
            return Files.readAllBytes(file);
          }
        } else if (Files.isRegularFile(entry)) {
          ZipFile jar = jars.get(entry);
          if (jar == null) {
            jar = new ZipFile(entry.toFile());
            jars.put(entry, jar);
          }
          ZipEntry found = jar.getEntry(resource);
          if (found != null) {
            try (InputStream in = jar.getInputStream(found)) {
              return in.readAllBytes();
            }
          }
        }
      }
      // The JDK's own classes, read through the platform loader as resources (not loaded).
      try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(resource)) {
        return in == null ? null : in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (ZipFile jar : jars.values()) {
      try {
        jar.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    jars.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Every class file under {@code directory} (relative paths with '/'), sorted. */
  static List<String> classFiles(Path directory) throws IOException {
    List<String> files = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return files;
    }
    try (var walk = Files.walk(directory)) {
      walk.filter(p -> p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p))
          .forEach(p -> files.add(directory.relativize(p).toString().replace('\\', '/')));
    }
    files.sort(null);
    return files;
  }
}
