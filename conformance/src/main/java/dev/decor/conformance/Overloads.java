package dev.decor.conformance;

import dev.decor.Timed;

/** Two annotated overloads: each gets its parameter types in its decor name. */
public class Overloads {
  @Timed
  public int score(float[] v) {
    return v.length;
  }

  @Timed
  public int score(float[] v, int k) {
    return v.length * k;
  }

  public int score(String s) {
    return s.length();
  }
}
