package dev.decor.examples;

import dev.decor.examples.model.Backbone;
import dev.decor.examples.model.DecoratedEvaluator;
import dev.decor.examples.model.Evaluator;
import dev.decor.examples.serve.ClassifierService;
import dev.decor.examples.serve.DecoratedClassifierService;
import dev.decor.examples.store.DecoratedImageStore;
import dev.decor.examples.store.ImageStore;
import dev.decor.Decorated;
import java.net.URI;
import java.util.List;

/** Where the app gets its decorated services — the one place that says which mode decorates which class. */
final class Services {
  private Services() {}

  static final String NOT_DECORATED = "not decorated";

  /** How {@code service} is decorated, e.g. {@code generated wrapper DecoratedClassifierService}. */
  static String decoration(Object service) {
    return service instanceof Decorated
        ? "generated wrapper " + service.getClass().getSimpleName() + " (processor)"
        : NOT_DECORATED;
  }

  /** The classifier, decorated by the processor's generated wrapper. */
  static ClassifierService classifier(Backbone model, List<String> labels, int imageSize) {
    return new DecoratedClassifierService(model, labels, imageSize);
  }

  /** The store client. */
  static ImageStore imageStore(URI base) {
    return new DecoratedImageStore(base);
  }

  /** The evaluator. */
  static Evaluator evaluator(Backbone model, List<String> labels, int imageSize, int batchSize) {
    return new DecoratedEvaluator(model, labels, imageSize, batchSize);
  }
}
