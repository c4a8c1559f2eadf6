package dev.decor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decor.internal.FallbackRules.Candidate;
import dev.decor.internal.FallbackRules.Shape;
import dev.decor.internal.FallbackRules.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules both front ends apply to a {@code @Fallback}, in their fixed order: the first problem
 * is the one reported, and a fitting candidate is picked by its index.
 */
class FallbackRulesTest {
  private static final Target PREDICT =
      new Target("predict(float[])", "float[]", List.of("float[]"), false, null);
  private static final String DECLARE = Messages.fallbackDeclare(
      "'float[] cpu(float[])' or 'float[] cpu(float[], Throwable)'");

  private static Candidate fits(String signature) {
    return new Candidate(signature, Shape.SAME, null, null, "float[]", true, false, false, null);
  }

  private static String check(boolean subclassCalls, Candidate... candidates) {
    return FallbackRules.check(PREDICT, "cpu", List.of(candidates), subclassCalls).error();
  }

  @Test
  void picksTheOneFittingCandidate() {
    Candidate other = new Candidate("cpu(int)", Shape.OTHER, null, null, "float[]", true, false,
        false, null);
    FallbackRules.Result result =
        FallbackRules.check(PREDICT, "cpu", List.of(other, fits("cpu(float[])")), true);
    assertThat(result.ok()).isTrue();
    assertThat(result.match()).isEqualTo(1);
  }

  @Test
  void reportsTheFirstProblemInOrder() {
    assertThat(check(true)).isEqualTo(
        Messages.fallbackSignature("predict(float[])", "cpu", "does not exist", DECLARE));
    // Static, private, a narrow failure type, a wrong return and an annotation: static is first.
    Candidate everything = new Candidate("cpu(float[], IOException)", Shape.SAME_AND_FAILURE,
        "IOException", "java.lang.Exception", "int", false, true, true, "Timed");
    assertThat(check(true, everything)).contains("is static, but 'predict(float[])' is not");
    Candidate privateOne = new Candidate("cpu(float[], IOException)", Shape.SAME_AND_FAILURE,
        "IOException", "java.lang.Exception", "int", false, false, true, "Timed");
    assertThat(check(true, privateOne)).contains("is private");
    assertThat(check(false, privateOne)).as("woven: private is fine")
        .contains("takes IOException last, which cannot hold java.lang.Exception");
  }

  @Test
  void listsAmbiguousOverloadsInOneOrderWhateverTheFrontEndsOrder() {
    String message = Messages.fallbackSignature("predict(float[])", "cpu",
        "is overloaded: 'cpu(float[])' and 'cpu(float[], Throwable)' both fit", "Keep one of them.");
    assertThat(check(true, fits("cpu(float[], Throwable)"), fits("cpu(float[])")))
        .isEqualTo(message);
    assertThat(check(true, fits("cpu(float[])"), fits("cpu(float[], Throwable)")))
        .isEqualTo(message);
  }

  @Test
  void aStageMethodAcceptsItsValueTypeWhichTheMessageNames() {
    Target async = new Target("predict(String)", "CompletableFuture", List.of("String"), true,
        "Label");
    Candidate wrong = new Candidate("cpu(String)", Shape.SAME, null, null, "Integer", false, true,
        false, null);
    assertThat(FallbackRules.check(async, "cpu", List.of(wrong), false).error()).isEqualTo(
        Messages.fallbackSignature("predict(String)", "cpu",
            "returns Integer, which is neither CompletableFuture nor its value Label",
            Messages.fallbackDeclare("'static CompletableFuture cpu(String)' or"
                + " 'static CompletableFuture cpu(String, Throwable)'")));
  }
}
