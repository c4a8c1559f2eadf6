package dev.decor.processor;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * The problems found in one element, collected before anything is printed so the user sees every
 * problem of a compilation at once.
 */
final class ValidationReport {
  private record Item(
      Kind kind, String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  /** An error on {@code element}. */
  ValidationReport error(String message, Element element) {
    return add(Kind.ERROR, message, element, null, null);
  }

  /** An error on {@code annotation} of {@code element}, and on {@code value} when it is given. */
  ValidationReport error(
      String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
    return add(Kind.ERROR, message, element, annotation, value);
  }

  /**
   * An error on the value of {@code annotation}'s {@code attribute}: the value is the problem.
   * A null {@code message} (what the runtime's {@code check…} methods return for a valid value)
   * reports nothing.
   */
  ValidationReport errorOnValue(
      String message, Element element, AnnotationMirror annotation, String attribute) {
    return message == null
        ? this
        : error(message, element, annotation, DecorAnnotations.value(annotation, attribute));
  }

  /** A warning on {@code element}. */
  ValidationReport warning(String message, Element element) {
    return add(Kind.WARNING, message, element, null, null);
  }

  ValidationReport addAll(ValidationReport other) {
    items.addAll(other.items);
    return this;
  }

  boolean hasErrors() {
    return items.stream().anyMatch(i -> i.kind() == Kind.ERROR);
  }

  void printTo(Messager messager) {
    for (Item i : items) {
      if (i.value() != null) {
        messager.printMessage(i.kind(), i.message(), i.element(), i.annotation(), i.value());
      } else if (i.annotation() != null) {
        messager.printMessage(i.kind(), i.message(), i.element(), i.annotation());
      } else {
        messager.printMessage(i.kind(), i.message(), i.element());
      }
    }
  }

  private ValidationReport add(
      Kind kind, String message, Element element, AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(kind, message, element, annotation, value));
    return this;
  }
}
