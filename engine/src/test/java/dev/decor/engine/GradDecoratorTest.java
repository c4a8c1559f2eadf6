package dev.decor.engine;

import dev.decor.internal.Shape;
import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.TinyModel.Seen;
import dev.decor.fixtures.TinyModel;
import dev.decor.grad.GradMode;
import dev.decor.grad.GradRegion;
import dev.decor.grad.GradScope;
import dev.decor.grad.GradThread;
import dev.decor.spec.GradSpec;
import dev.decor.spec.TimedSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code @NoGrad} and {@code @InferenceMode} through the engine. */
class GradDecoratorTest {
  private static final MethodKey FORWARD = MethodKey.of(TinyModel.class, "forward", float.class);
  private static final MethodKey BROKEN = MethodKey.of(TinyModel.class, "broken", float.class);
  private static final MethodKey PREDICTIONS =
      MethodKey.of(TinyModel.class, "predictions", int.class);
  private static final MethodKey BATCHES = MethodKey.of(TinyModel.class, "batches", int.class);
  private static final MethodKey STREAM = MethodKey.of(TinyModel.class, "stream", int.class);

  private final TinyModel model = new TinyModel();

  @AfterEach
  void enabledAfterEveryTest() {
    assertThat(GradMode.isEnabled()).isTrue();
  }

  private Object forward(GradSpec spec) throws Throwable {
    return Chains.of(FORWARD, spec).invoke(model, () -> model.forward(1f));
  }

  @Test
  void noGradDisablesGradForTheCallAndLeavesTheModelAlone() throws Throwable {
    assertThat(forward(GradSpec.NO_GRAD)).isEqualTo(2f);
    assertThat(model.seen()).containsExactly(new Seen(false, true));
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void noGradRestoresThePreviousStateNotEnabled() throws Throwable {
    try (GradScope s = GradMode.noGrad()) {
      forward(GradSpec.NO_GRAD);
      assertThat(GradMode.isEnabled()).isFalse();
    }
  }

  @Test
  void noGradRestoresWhenTheMethodThrows() {
    assertThatThrownBy(
            () -> Chains.of(BROKEN, GradSpec.NO_GRAD).invoke(model, () -> model.broken(1f)))
        .isInstanceOf(IllegalStateException.class).hasMessage("broken forward");
    assertThat(model.seen()).containsExactly(new Seen(false, true));
  }

  @Test
  void inferenceModeSwitchesATrainableReceiverToEvalAndBack() throws Throwable {
    forward(GradSpec.INFERENCE);
    assertThat(model.seen()).containsExactly(new Seen(false, false));
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void inferenceModeRestoresThePreviousModeEvenWhenItWasEval() throws Throwable {
    model.setTraining(false);
    forward(GradSpec.INFERENCE);
    assertThat(model.isTraining()).isFalse();
  }

  @Test
  void inferenceModeRestoresWhenTheMethodThrows() {
    assertThatThrownBy(
            () -> Chains.of(BROKEN, GradSpec.INFERENCE).invoke(model, () -> model.broken(1f)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(model.seen()).containsExactly(new Seen(false, false));
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void inferenceModeOnAReceiverThatIsNotTrainableOnlyDisablesGrad() throws Throwable {
    List<Boolean> seen = new ArrayList<>();
    Chain chain = Chains.of(FORWARD, GradSpec.INFERENCE);
    chain.invoke("not a model", () -> seen.add(GradMode.isEnabled()));
    chain.invoke(null, () -> seen.add(GradMode.isEnabled()));
    assertThat(seen).containsExactly(false, false);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anIteratorProducesEveryElementWithGradOffWhileTheConsumerRunsInItsOwnMode()
      throws Throwable {
    Iterator<Integer> it = (Iterator<Integer>)
        Chains.of(PREDICTIONS, GradSpec.NO_GRAD).invoke(model, () -> model.predictions(3));
    List<Boolean> consumer = new ArrayList<>();
    List<Integer> values = new ArrayList<>();
    while (it.hasNext()) {
      consumer.add(GradMode.isEnabled());
      values.add(it.next());
      consumer.add(GradMode.isEnabled());
    }
    assertThat(values).containsExactly(0, 1, 2);
    assertThat(model.seen()).hasSize(3).allMatch(s -> !s.grad() && s.training());
    assertThat(consumer).hasSize(6).containsOnly(true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anInferenceIteratorIsInEvalForEachElementAndTrainingBetween() throws Throwable {
    Iterator<Integer> it = (Iterator<Integer>)
        Chains.of(PREDICTIONS, GradSpec.INFERENCE).invoke(model, () -> model.predictions(2));
    List<Boolean> trainingBetween = new ArrayList<>();
    while (it.hasNext()) {
      it.next();
      trainingBetween.add(model.isTraining());
    }
    assertThat(model.seen()).containsExactly(new Seen(false, false), new Seen(false, false));
    assertThat(trainingBetween).containsExactly(true, true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void anIterableKeepsGradOffForEveryIteratorItMakes() throws Throwable {
    Iterable<Integer> batches = (Iterable<Integer>)
        Chains.of(BATCHES, GradSpec.NO_GRAD).invoke(model, () -> model.batches(2));
    List<Boolean> consumer = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (Integer b : batches) {
        consumer.add(GradMode.isEnabled());
      }
    }
    assertThat(model.seen()).hasSize(4).allMatch(s -> !s.grad());
    assertThat(consumer).hasSize(4).containsOnly(true);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStreamProducesWithGradOffAndRunsDownstreamOperationsInTheConsumersMode()
      throws Throwable {
    Stream<Integer> stream = (Stream<Integer>)
        Chains.of(STREAM, GradSpec.INFERENCE).invoke(model, () -> model.stream(4));
    List<Seen> downstream = Collections.synchronizedList(new ArrayList<>());
    List<Integer> out = stream
        .map(i -> {
          downstream.add(new Seen(GradMode.isEnabled(), model.isTraining()));
          return i * 10;
        })
        .filter(i -> i > 0)
        .collect(Collectors.toList());
    assertThat(out).containsExactly(10, 20, 30);
    assertThat(model.seen()).hasSize(4).containsOnly(new Seen(false, false));
    assertThat(downstream).hasSize(4).containsOnly(new Seen(true, true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStreamConsumedInsideTheConsumersOwnScopeSeesThatScope() throws Throwable {
    Stream<Integer> stream = (Stream<Integer>)
        Chains.of(STREAM, GradSpec.NO_GRAD).invoke(model, () -> model.stream(2));
    List<Boolean> downstream = new ArrayList<>();
    try (GradScope s = GradMode.noGrad()) {
      stream.forEach(i -> downstream.add(GradMode.isEnabled()));
    }
    assertThat(downstream).containsExactly(false, false);
    assertThat(model.seen()).allMatch(seen -> !seen.grad());
  }

  @Test
  @SuppressWarnings("unchecked")
  void closingTheReturnedStreamClosesTheSource() throws Throwable {
    AtomicBoolean closed = new AtomicBoolean();
    Stream<Integer> stream = (Stream<Integer>) Chains.of(STREAM, GradSpec.NO_GRAD)
        .invoke(model, () -> model.stream(2).onClose(() -> closed.set(true)));
    try (stream) {
      assertThat(stream.count()).isEqualTo(2);
    }
    assertThat(closed).isTrue();
  }

  @Test
  void aNullIteratorStaysNull() throws Throwable {
    assertThat(Chains.of(PREDICTIONS, GradSpec.NO_GRAD).invoke(model, () -> null)).isNull();
    assertThat(Chains.of(STREAM, GradSpec.NO_GRAD).invoke(model, () -> null)).isNull();
  }

  // ---- enterGrad / exitGrad / gradResult: the same decorator, split for the fast paths ----

  @Test
  void splitInferenceModeBehavesLikeInvoke() {
    Chain chain = Chains.of(FORWARD, GradSpec.INFERENCE);
    assertThat(chain.shape()).isEqualTo(Shape.GRAD_ONLY);

    GradThread thread = chain.gradThread();
    long token = chain.enterGrad(thread, model);
    float result;
    try {
      result = model.forward(1f);
    } finally {
      chain.exitGrad(thread, model, token);
    }

    assertThat(chain.gradResult(model, result)).isEqualTo(2f);
    assertThat(model.seen()).containsExactly(new Seen(false, false));
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void splitNoGradRestoresAnEnclosingScopeAndWrapsIterators() {
    Chain chain = Chains.of(PREDICTIONS, GradSpec.NO_GRAD);
    Iterator<?> predictions;
    try (GradScope s = GradMode.noGrad()) {
      GradThread thread = chain.gradThread();
      long token = chain.enterGrad(thread, model);
      try {
        predictions = (Iterator<?>) chain.gradResult(model, model.predictions(2));
      } finally {
        chain.exitGrad(thread, model, token);
      }
      assertThat(GradMode.isEnabled()).isFalse();
    }

    predictions.next();
    assertThat(GradMode.isEnabled()).isTrue();
    assertThat(model.seen()).extracting(Seen::grad).containsOnly(false);
  }

  @Test
  void splitApiIsOnlyForGradOnlyChains() {
    Chain timed = Chains.of(FORWARD, TimedSpec.of("", false), GradSpec.NO_GRAD);

    assertThat(timed.shape()).isEqualTo(Shape.GENERAL);
    assertThatThrownBy(timed::gradThread)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other than grad mode");
    assertThatThrownBy(() -> timed.enterGrad(GradRegion.current(), model))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("other than grad mode");
    assertThat(GradMode.isEnabled()).isTrue();
  }
}
