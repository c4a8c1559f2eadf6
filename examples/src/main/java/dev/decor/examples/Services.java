package dev.decor.examples;

import dev.decor.Decorated;
import dev.decor.aspect.Weaving;
import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.Evaluator;
import dev.decor.examples.serve.ClassifierService;
import dev.decor.examples.serve.DecoratedClassifierService;
import dev.decor.examples.store.ImageStore;
import java.net.URI;
import java.util.List;

/**
 * Where the app gets its decorated services — the one place that says which mode decorates which
 * class: the classifier through the processor's generated wrapper, the store client and the
 * evaluator woven in place. Fails at class initialization if the weaver did not run.
 */
final class Services {
  static final String NOT_DECORATED = "not decorated";

  static {
    Weaving.requireWoven(ImageStore.class, Evaluator.class);
  }

  private Services() {}

  /** How {@code service} is decorated, e.g. {@code generated wrapper DecoratedClassifierService}. */
  static String decoration(Object service) {
    if (service instanceof Decorated) {
      return "generated wrapper " + service.getClass().getSimpleName() + " (processor)";
    }
    return Weaving.isWoven(service.getClass()) ? "woven in place (AspectJ, compile time)" : NOT_DECORATED;
  }

  /** The classifier, decorated by the processor's generated wrapper. */
  static ClassifierService classifier(Backbone model, List<String> labels, int imageSize) {
    return new DecoratedClassifierService(model, labels, imageSize);
  }

  /** The store client, decorated in place by compile-time weaving. */
  static ImageStore imageStore(URI base) {
    return new ImageStore(base);
  }

  /** The evaluator, decorated in place by compile-time weaving. */
  static Evaluator evaluator(Backbone model, List<String> labels, int imageSize, int batchSize) {
    return new Evaluator(model, labels, imageSize, batchSize);
  }
}
