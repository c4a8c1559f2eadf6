package dev.decor.examples.serve;

import java.util.LinkedHashMap;
import java.util.List;
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

  /** The most probable of {@code labels}, with every label's probability ({@code probabilities} in label order). */
  public static Prediction of(List<String> labels, float[] probabilities) {
    Map<String, Float> scores = new LinkedHashMap<>();
    int best = 0;
    for (int i = 0; i < probabilities.length; i++) {
      scores.put(labels.get(i), probabilities[i]);
      best = probabilities[i] > probabilities[best] ? i : best;
    }
    return new Prediction(labels.get(best), scores);
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
