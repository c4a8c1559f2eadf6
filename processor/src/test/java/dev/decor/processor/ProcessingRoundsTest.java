package dev.decor.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.decor.processor.Compilations.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Types that other processors generate later, and the processor's registration. */
class ProcessingRoundsTest {

  /** Writes {@code q.Tokenizer} in the first round, as another processor might. */
  static final class TokenizerGenerator extends AbstractProcessor {
    private boolean done;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("q.Tokenizer").openWriter()) {
          w.write("package q; public class Tokenizer { public int count(String s) { return 1; } }");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  @Test
  void waitsForATypeAnotherProcessorGeneratesThenWritesTheWrapper() {
    JavaFileObject src = source("p.Service", """
        package p;
        import dev.decor.Timed;
        import q.Tokenizer;
        public class Service {
          @Timed
          public int tokens(Tokenizer tokenizer, String text) {
            return tokenizer.count(text);
          }
        }
        """);
    // decor runs first, so in round 1 Tokenizer does not exist yet; a wrapper written then
    // would lack its import.
    Compilation compilation = javac()
        .withProcessors(new DecorProcessor(), new TokenizerGenerator())
        .withOptions("-Xlint:all,-processing")
        .compile(src);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("p.DecoratedService")
        .contentsAsUtf8String()
        .contains("public int tokens(Tokenizer tokenizer, String text)");
  }

  @Test
  void typeWhoseSignatureNamesItsOwnWrapperFailsWithAClearError() {
    JavaFileObject src = source("p.Service", """
        package p;
        import dev.decor.Timed;
        public class Service {
          public static DecoratedService create() { return new DecoratedService(); }
          @Timed
          public int size(String text) { return text.length(); }
        }
        """);
    Compilation compilation = Compilations.compile(src);
    assertThat(compilation)
        .hadErrorContaining("circular dependency with generated code")
        .inFile(src)
        .onLineContaining("public class Service");
  }

  @Test
  void registeredForJavacAndDeclaredIsolatingForGradle() throws IOException {
    assertThat(ServiceLoader.load(Processor.class, getClass().getClassLoader()).stream()
            .map(p -> p.type().getName()))
        .contains(DecorProcessor.class.getName());
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/gradle/incremental.annotation.processors")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
          .isEqualTo(DecorProcessor.class.getName() + ",isolating");
    }
  }
}
