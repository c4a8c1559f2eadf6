package dev.decor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Thrown by a {@link Batched} batch method that answered some items and failed others: the items
 * listed in {@link #failures()} fail with their own exception, every other item {@code i}
 * receives {@code results().get(i)}. Any other exception from a batch method fails every item of
 * the batch.
 *
 * <pre>{@code
 * Map<Integer, Exception> bad = new HashMap<>();
 * List<Out> out = new ArrayList<>();
 * for (int i = 0; i < in.size(); i++) { ... out.add(result) or { out.add(null); bad.put(i, e); } }
 * if (!bad.isEmpty()) throw new PartialBatchFailure(out, bad);
 * return out;
 * }</pre>
 *
 * <p>{@code results} must have the batch's size (else every item fails with
 * {@code [decor/BatchResultSize]}). Immutable once thrown.
 */
public final class PartialBatchFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Object> results;
  private final transient Map<Integer, Throwable> failures;

  /**
   * @param results one entry per item of the batch, in order (the entries of failed items are ignored)
   * @param failures the failed items' indexes and exceptions
   */
  public PartialBatchFailure(List<?> results, Map<Integer, ? extends Throwable> failures) {
    super("[decor/PartialBatchFailure] " + failures.size() + " item(s) of a batch of "
        + results.size() + " failed: " + new TreeMap<>(failures).keySet(), null, false, false);
    this.results = Collections.unmodifiableList(new ArrayList<>(results));
    this.failures = Collections.unmodifiableMap(new TreeMap<>(failures));
    this.failures.values().forEach(t -> Objects.requireNonNull(t, "failure"));
  }

  /** The batch's results, one per item; entries of failed items are meaningless. */
  public List<Object> results() {
    return results;
  }

  /** The exception of each failed item, by index. */
  public Map<Integer, Throwable> failures() {
    return failures;
  }
}
