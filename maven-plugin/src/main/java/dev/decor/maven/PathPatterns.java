package dev.decor.maven;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code includes}/{@code excludes} over class files, as Ant-style patterns relative to the classes
 * directory: {@code **} any number of directories, {@code *} any part of one name, {@code ?} one
 * character, a trailing {@code /} everything below (so {@code com/acme/woven/} means
 * {@code com/acme/woven/**}). A file is selected when it matches an include (every file, with
 * none) and no exclude. Immutable.
 */
final class PathPatterns {
  private final List<Pattern> includes;
  private final List<Pattern> excludes;
  private final String description;

  PathPatterns(List<String> includes, List<String> excludes) {
    this.includes = includes.stream().map(PathPatterns::compile).toList();
    this.excludes = excludes.stream().map(PathPatterns::compile).toList();
    this.description = "includes=" + includes + " excludes=" + excludes;
  }

  /** Whether {@code path} ({@code com/acme/Store.class}) is selected. */
  boolean matches(String path) {
    return (includes.isEmpty() || includes.stream().anyMatch(p -> p.matcher(path).matches()))
        && excludes.stream().noneMatch(p -> p.matcher(path).matches());
  }

  static Pattern compile(String pattern) {
    String p = pattern.trim().replace('\\', '/');
    if (p.endsWith("/")) {
      p += "**";
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '*' && p.startsWith("**/", i)) {
        regex.append("(?:.*/)?");
        i += 2;
      } else if (c == '*' && p.startsWith("**", i)) {
        regex.append(".*");
        i++;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  @Override
  public String toString() {
    return description;
  }
}
