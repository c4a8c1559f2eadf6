package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** Compiles test sources with {@link DecorProcessor} and loads what came out. */
final class Compilations {
  private Compilations() {}

  /** A source file for class {@code fqcn}. */
  static JavaFileObject source(String fqcn, String text) {
    return JavaFileObjects.forSourceString(fqcn, text);
  }

  /** Compiles with every lint on, so warnings in generated code would show. */
  static Compilation compile(JavaFileObject... sources) {
    return javac()
        .withProcessors(new DecorProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(sources);
  }

  /** Compiles {@code src}: one error, {@code message} in full, on the line holding {@code line}. */
  static void assertOnlyError(JavaFileObject src, String message, String line) {
    Compilation compilation = compile(src);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(src).onLineContaining(line);
  }

  /** The classes of a successful compilation, loaded over the test class path. */
  static ClassLoader load(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String path = file.toUri().getPath();
        String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length(),
            path.length() - ".class".length()).replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return new ClassLoader(Compilations.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** Calls {@code target.name(args)} reflectively and rethrows what the method threw. */
  static Object call(Object target, String name, Object... args) throws Throwable {
    for (Method m : target.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new NoSuchMethodException(name);
  }
}
