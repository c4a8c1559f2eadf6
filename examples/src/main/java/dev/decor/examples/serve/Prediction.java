package dev.decor.examples.serve;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A classification: the winning label and every label's probability, in label order.
 * Immutable (the map is an unmodifiable copy), so it is safe to cache and share.
 */
public record Prediction(String label, Map<String, Float> scores) {
  public Prediction {
    scores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(scores));
  }

  /** The winning label's probability. */
  public float confidence() {
    return scores.get(label);
  }

  /** E.g. {@code {"label":"circle","scores":{"circle":0.9812,"square":0.0101,"triangle":0.0087}}}. */
  public String toJson() {
    String s = scores.entrySet().stream()
        .map(e -> quote(e.getKey()) + ":" + String.format(Locale.ROOT, "%.4f", e.getValue()))
        .collect(Collectors.joining(",", "{", "}"));
    return "{\"label\":" + quote(label) + ",\"scores\":" + s + "}";
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
