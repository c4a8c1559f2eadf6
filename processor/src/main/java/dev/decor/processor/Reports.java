package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import dev.decor.internal.Messages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;

/**
 * Prints validation reports and remembers which types had errors, so {@link WrapperStep} writes
 * no wrapper for them (the user's code is wrong; a wrapper would only add follow-up errors).
 */
final class Reports {
  private final Messager messager;
  private final Set<String> failedTypes = new HashSet<>();

  Reports(Messager messager) {
    this.messager = messager;
  }

  /** Prints {@code report}, which is about {@code subject} (a type or one of its methods). */
  void print(Element subject, ValidationReport report) {
    report.printTo(messager);
    if (report.hasErrors()) {
      failedTypes.add(typeOf(subject).getQualifiedName().toString());
    }
  }

  /** Reports an unexpected exception as an error on {@code subject}'s type instead of crashing javac. */
  void crash(Element subject, Throwable t) {
    TypeElement type = typeOf(subject);
    messager.printMessage(
        Kind.ERROR, Messages.processorError(type.getQualifiedName().toString(), trace(t)), type);
    failedTypes.add(type.getQualifiedName().toString());
  }

  /** The stack trace down to the processor's entry point; javac's own frames say nothing. */
  private static String trace(Throwable t) {
    StringWriter full = new StringWriter();
    t.printStackTrace(new PrintWriter(full));
    StringBuilder trimmed = new StringBuilder();
    for (String line : full.toString().split("\\R")) {
      if (line.contains("com.google.auto.common.BasicAnnotationProcessor.process")) {
        break;
      }
      trimmed.append(line).append('\n');
    }
    return trimmed.toString();
  }

  boolean hasErrors(TypeElement type) {
    return failedTypes.contains(type.getQualifiedName().toString());
  }

  private static TypeElement typeOf(Element e) {
    Element t = e;
    while (!(t instanceof TypeElement)) {
      t = t.getEnclosingElement();
    }
    return asType(t);
  }
}
