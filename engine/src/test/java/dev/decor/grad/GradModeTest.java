package dev.decor.grad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decor.fixtures.TinyModel;
import dev.decor.internal.Messages;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GradModeTest {
  @AfterEach
  void enabledAfterEveryTest() {
    assertThat(GradMode.isEnabled()).as("a test leaked a grad scope").isTrue();
  }

  @Test
  void scopesNestAndEachRestoresTheStateItSaw() {
    assertThat(GradMode.isEnabled()).isTrue();
    try (GradScope noGrad = GradMode.noGrad()) {
      assertThat(GradMode.isEnabled()).isFalse();
      try (GradScope enable = GradMode.enableGrad()) {
        assertThat(GradMode.isEnabled()).isTrue();
        try (GradScope off = GradMode.set(false)) {
          assertThat(GradMode.isEnabled()).isFalse();
          try (GradScope on = GradMode.set(true)) {
            assertThat(GradMode.isEnabled()).isTrue();
          }
          assertThat(GradMode.isEnabled()).isFalse();
        }
        assertThat(GradMode.isEnabled()).isTrue();
      }
      assertThat(GradMode.isEnabled()).isFalse();
      try (GradScope again = GradMode.noGrad()) {
        assertThat(GradMode.isEnabled()).isFalse();
      }
      assertThat(GradMode.isEnabled()).as("a no-op scope restores 'off', not 'on'").isFalse();
    }
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void aScopeIsRestoredWhenTheBodyThrows() {
    assertThatThrownBy(() -> {
      try (GradScope s = GradMode.noGrad()) {
        throw new IllegalStateException("boom");
      }
    }).hasMessage("boom");
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void closingTwiceIsHarmless() {
    GradScope first = GradMode.noGrad();
    first.close();
    first.close();
    assertThat(GradMode.isEnabled()).isTrue();
    try (GradScope second = GradMode.noGrad()) {
      first.close();
      assertThat(GradMode.isEnabled()).as("a stale close does not touch a later scope").isFalse();
    }
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void closingOutOfOrderIsReportedAndRestoresTheOuterScopesSavedState() {
    GradScope base = GradMode.set(false);
    GradScope outer = GradMode.enableGrad();
    GradScope inner = GradMode.noGrad();
    assertThatThrownBy(outer::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Messages.gradScopeOutOfOrder())
        .hasMessageStartingWith("[decor/GradScopeOrder] A grad scope was closed while a scope"
            + " opened after it was still open");
    assertThat(GradMode.isEnabled()).as("the state outer saved").isFalse();
    inner.close();
    assertThat(GradMode.isEnabled()).as("inner was closed with outer").isFalse();
    base.close();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void closingOutOfOrderAlsoRestoresTheModelsOfTheUnwoundScopes() {
    TinyModel model = new TinyModel();
    GradScope outer = GradMode.noGrad();
    GradScope inner = GradMode.inference(model);
    assertThat(model.isTraining()).isFalse();
    assertThatThrownBy(outer::close).isInstanceOf(IllegalStateException.class);
    assertThat(model.isTraining()).as("the model left in eval by the unwound scope").isTrue();
    assertThat(GradMode.isEnabled()).isTrue();
    inner.close();
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void closingOnAnotherThreadIsRejectedAndChangesNothing() throws Exception {
    GradScope scope = GradMode.noGrad();
    AtomicReference<Boolean> otherThreadMode = new AtomicReference<>();
    Throwable thrown = CompletableFuture.supplyAsync(() -> {
      try {
        scope.close();
        return null;
      } catch (IllegalStateException e) {
        otherThreadMode.set(GradMode.isEnabled());
        return e;
      }
    }, runnable -> new Thread(runnable, "closer").start()).get(10, TimeUnit.SECONDS);

    assertThat(thrown).hasMessage(Messages.gradScopeWrongThread(Thread.currentThread().getName()));
    assertThat(otherThreadMode.get()).isTrue();
    assertThat(GradMode.isEnabled()).as("the owner's scope is still open").isFalse();
    scope.close();
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void inferenceSwitchesToEvalAndRestoresTheModelsPreviousMode() {
    TinyModel model = new TinyModel();
    try (GradScope s = GradMode.inference(model)) {
      assertThat(model.isTraining()).isFalse();
      assertThat(GradMode.isEnabled()).isFalse();
    }
    assertThat(model.isTraining()).isTrue();
    assertThat(GradMode.isEnabled()).isTrue();

    model.setTraining(false);
    try (GradScope s = GradMode.inference(model)) {
      assertThat(model.isTraining()).isFalse();
    }
    assertThat(model.isTraining()).as("already eval stays eval").isFalse();
  }

  @Test
  void inferenceRestoresWhenTheBodyThrows() {
    TinyModel model = new TinyModel();
    assertThatThrownBy(() -> {
      try (GradScope s = GradMode.inference(model)) {
        model.broken(1f);
      }
    }).isInstanceOf(IllegalStateException.class);
    assertThat(model.isTraining()).isTrue();
    assertThat(model.seen()).containsExactly(new TinyModel.Seen(false, false));
  }

  @Test
  void nestedInferenceScopesOnOneModelRestoreInTurn() {
    TinyModel model = new TinyModel();
    try (GradScope outer = GradMode.inference(model)) {
      try (GradScope train = GradMode.enableGrad()) {
        model.setTraining(true);
        try (GradScope inner = GradMode.inference(model)) {
          assertThat(model.isTraining()).isFalse();
        }
        assertThat(model.isTraining()).isTrue();
      }
      assertThat(GradMode.isEnabled()).isFalse();
    }
    assertThat(model.isTraining()).isTrue();
  }

  @Test
  void inferenceNeedsAModel() {
    assertThatThrownBy(() -> GradMode.inference(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aNewThreadStartsEnabledEvenWhenCreatedInsideANoGradScope() throws Exception {
    try (GradScope s = GradMode.noGrad()) {
      AtomicReference<Boolean> seen = new AtomicReference<>();
      Thread t = new Thread(() -> seen.set(GradMode.isEnabled()));
      t.start();
      t.join();
      assertThat(seen.get()).isTrue();
      assertThat(GradMode.isEnabled()).isFalse();
    }
  }
}
