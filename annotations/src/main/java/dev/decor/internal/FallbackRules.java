package dev.decor.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Which method a {@code @Fallback} names, and what is wrong when none fits — written once for the
 * processor (type mirrors) and the woven chain's first call (reflection), so both report the same
 * words. Each front end describes the decorated method ({@link Target}) and every method of the
 * fallback's name ({@link Candidate}), judging the types its own way; {@link #check} applies the
 * rules in a fixed order and returns the one fallback or the first problem.
 *
 * <p>The rules: same parameters (erased), optionally one more that can hold every class listed in
 * {@code on}; exactly one such overload; static exactly when the method is; not private when a
 * generated subclass must call it; a return type that fits; no decor annotation of its own.
 */
public final class FallbackRules {
  private FallbackRules() {}

  /** How a candidate's parameters compare with the method's. */
  public enum Shape {
    /** Neither of the two accepted lists. */
    OTHER,
    /** Exactly the method's parameters. */
    SAME,
    /** The method's parameters and one more, a {@code Throwable} type (the failure). */
    SAME_AND_FAILURE
  }

  /**
   * The decorated method.
   *
   * @param signature {@code name(ParamSimpleName, …)}, erased
   * @param returnType the erased simple name of its return type
   * @param parameters the erased simple names of its parameter types
   * @param valueType for a method returning a stage, the erased simple name of the stage's value
   *     type; else null
   */
  public record Target(String signature, String returnType, List<String> parameters,
      boolean isStatic, String valueType) {
    public Target {
      parameters = List.copyOf(parameters);
    }
  }

  /**
   * One method named as the fallback.
   *
   * @param signature {@code name(ParamSimpleName, …)}, erased
   * @param failureType for {@link Shape#SAME_AND_FAILURE}, the simple name of the last parameter
   * @param unheldOn the binary name of a class listed in {@code on} that the last parameter
   *     cannot hold, or null
   * @param returnFits whether its return type fits the method's (see {@code @Fallback})
   * @param decorAnnotation the simple name of a decor annotation it carries, or null
   */
  public record Candidate(String signature, Shape shape, String failureType, String unheldOn,
      String returnType, boolean returnFits, boolean isStatic, boolean isPrivate,
      String decorAnnotation) {}

  /** The index of the fallback among the candidates, or the error (and {@code -1}). */
  public record Result(int match, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Picks the fallback of {@code target} named {@code fallback} among {@code candidates}.
   *
   * @param subclassCalls whether a generated subclass calls it (so it must not be private)
   */
  public static Result check(Target target, String fallback, List<Candidate> candidates,
      boolean subclassCalls) {
    String declare = Messages.fallbackDeclare(expected(target, fallback));
    if (candidates.isEmpty()) {
      return error(target, fallback, "does not exist", declare);
    }
    List<Integer> fits = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).shape() != Shape.OTHER) {
        fits.add(i);
      }
    }
    String params = String.join(", ", target.parameters());
    if (fits.isEmpty()) {
      return error(target, fallback, "does not take (" + params + ") or (" + params
          + (params.isEmpty() ? "" : ", ") + "Throwable)", declare);
    }
    if (fits.size() > 1) {
      List<String> signatures = new ArrayList<>();
      fits.forEach(i -> signatures.add("'" + candidates.get(i).signature() + "'"));
      signatures.sort(null); // the front ends list methods in different orders
      return error(target, fallback, "is overloaded: " + String.join(" and ", signatures)
          + (fits.size() == 2 ? " both" : " all") + " fit", "Keep one of them.");
    }
    int index = fits.get(0);
    Candidate match = candidates.get(index);
    if (match.isStatic() != target.isStatic()) {
      return error(target, fallback, (match.isStatic() ? "is static, but '" : "is not static, but '")
          + target.signature() + (match.isStatic() ? "' is not" : "' is"), declare);
    }
    if (subclassCalls && match.isPrivate()) {
      return error(target, fallback, "is private, so the generated subclass cannot call it",
          "Make it package-private or wider, or mark the class @Woven and apply decor with"
              + " AspectJ weaving.");
    }
    if (match.unheldOn() != null) {
      return error(target, fallback, "takes " + match.failureType() + " last, which cannot hold "
          + match.unheldOn() + " (listed in on)", "Take Throwable last, or narrow @Fallback(on).");
    }
    if (!match.returnFits()) {
      String problem = target.valueType() == null
          ? "returns " + match.returnType() + ", not " + target.returnType()
          : "returns " + match.returnType() + ", which is neither " + target.returnType()
              + " nor its value " + target.valueType();
      return error(target, fallback, problem, declare);
    }
    if (match.decorAnnotation() != null) {
      return error(target, fallback, "carries @" + match.decorAnnotation()
          + " itself, but a fallback runs inside the chain of '" + target.signature() + "'",
          "Remove @" + match.decorAnnotation() + " from it; to decorate that work, move it to a"
              + " decorated method the fallback calls.");
    }
    return new Result(index, null);
  }

  /** {@code 'R f(P)' or 'R f(P, Throwable)'}, {@code static} when the method is. */
  static String expected(Target target, String fallback) {
    String head = (target.isStatic() ? "static " : "") + target.returnType() + " " + fallback
        + "(" + String.join(", ", target.parameters());
    return "'" + head + ")' or '" + head + (target.parameters().isEmpty() ? "" : ", ")
        + "Throwable)'";
  }

  private static Result error(Target target, String fallback, String problem, String remedy) {
    return new Result(-1, Messages.fallbackSignature(target.signature(), fallback, problem,
        remedy));
  }
}
