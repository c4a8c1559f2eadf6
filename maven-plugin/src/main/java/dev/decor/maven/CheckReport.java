package dev.decor.maven;

import dev.decor.maven.DecoratedMethod.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.objectweb.asm.Type;

/**
 * What {@code decor:check} writes: {@code decorated.json} (every decorated method with its chain,
 * every attribute's value and its mode) and the short table it prints. Stateless.
 */
final class CheckReport {
  private CheckReport() {}

  /**
   * The report as JSON:
   * <pre>{@code
   * {"methods": [
   *   {"class": "com.acme.Store", "method": "Store.fetch(String)",
   *    "descriptor": "(Ljava/lang/String;)Ljava/lang/String;", "mode": "woven",
   *    "chain": [{"annotation": "@Timed", "order": "TIMED", "values": {"value": "", "log": false}},
   *              {"annotation": "@Retry", "order": "RETRY", "values": {"maxAttempts": 5, ...}}]}
   * ]}
   * }</pre>
   */
  static String json(List<DecoratedMethod> methods) {
    StringBuilder out = new StringBuilder("{\n  \"methods\": [");
    for (int i = 0; i < methods.size(); i++) {
      DecoratedMethod m = methods.get(i);
      out.append(i == 0 ? "\n" : ",\n").append("    {\"class\": ").append(string(m.className()))
          .append(", \"method\": ").append(string(m.display()))
          .append(", \"descriptor\": ").append(string(m.descriptor()))
          .append(", \"mode\": ").append(string(m.mode().label()))
          .append(",\n     \"chain\": [");
      for (int j = 0; j < m.chain().size(); j++) {
        Link link = m.chain().get(j);
        out.append(j == 0 ? "" : ", ").append("{\"annotation\": ").append(string(link.annotation()))
            .append(", \"order\": ").append(string(link.order()))
            .append(", \"values\": ").append(values(link.values())).append('}');
      }
      out.append("]}");
    }
    return out.append(methods.isEmpty() ? "]\n}\n" : "\n  ]\n}\n").toString();
  }

  /**
   * The table for the build log: one line per method, its chain in order and its mode, columns
   * aligned.
   */
  static List<String> table(List<DecoratedMethod> methods) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"method", "chain", "mode"});
    for (DecoratedMethod m : methods) {
      rows.add(new String[] {m.display(),
          m.chain().stream().map(Link::annotation).collect(Collectors.joining(" > ")),
          m.mode().label()});
    }
    int[] width = new int[3];
    for (String[] row : rows) {
      for (int c = 0; c < 3; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      lines.add(pad(row[0], width[0]) + "  " + pad(row[1], width[1]) + "  " + row[2]);
    }
    return lines;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String values(Map<String, Object> values) {
    return values.entrySet().stream()
        .map(e -> string(e.getKey()) + ": " + value(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String value(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(CheckReport::value).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Type type) {
      return string(type.getClassName());
    }
    if (value instanceof Enum<?> e) {
      return string(e.name());
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long
        || value instanceof Short || value instanceof Byte) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? value.toString() : string(value.toString());
    }
    return string(String.valueOf(value));
  }

  /** A JSON string literal. */
  static String string(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
