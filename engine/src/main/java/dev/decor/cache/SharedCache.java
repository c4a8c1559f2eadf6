package dev.decor.cache;

import dev.decor.kernel.MethodKey;
import dev.decor.cache.SharedTierClient.Outcome;
import dev.decor.internal.Messages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code @Cached} cache's side of the shared tier: its key prefix and value codec, its store
 * in the tier, and its counters and meters.
 *
 * <p>The store is opened in the background as soon as the cache is created (and again after a
 * failure): a provider may take longer than a lookup's timeout to open a cache the first time
 * (a Hazelcast client connecting, a cache being created), and an open is never interrupted. A
 * lookup waits for a pending open at most the shared timeout, then computes; a write made before
 * the store is open is written once it is.
 *
 * <p>A value in the tier is {@code 'd' 'v' 0x01}, the key's full bytes (length-prefixed), then
 * the codec's bytes; a value whose key bytes differ from the key asked for (a digest collision, or
 * a writer of another version) reads as a miss. Thread-safe.
 */
final class SharedCache {
  /** What {@link #lookup} returns when the tier has no usable value. */
  static final Object MISS = new Object();
  private static final Logger log = LoggerFactory.getLogger("dev.decor.Cached");

  private final String name;
  /** The method as messages name it ({@code predict(byte[], int)}), for the warnings. */
  private final String signature;
  private final Duration ttl;
  private final SharedTierClient client;
  private final byte[] prefix;
  private final ValueCodecs.Codec codec;
  private final AtomicBoolean warnedKey = new AtomicBoolean();
  private final AtomicBoolean warnedValue = new AtomicBoolean();
  private volatile SharedTier.Store store;
  /** The open in progress or done; null before the first and after a failed one. */
  private CompletableFuture<SharedTier.Store> opening;
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder errors = new LongAdder();
  private final Timer getLatency;
  private final Timer putLatency;
  private final Counter timeouts;
  private final Counter failures;
  private final Counter skipped;
  private final Counter undecodable;

  SharedCache(String name, MethodKey key, Duration ttl, SharedTierClient client,
      ValueCodecs.Codec codec) {
    this.name = name;
    this.signature = key.signature();
    this.ttl = ttl;
    this.client = client;
    this.codec = codec;
    this.prefix = SharedKeys.prefix(name, SharedKeys.signature(key), codec.schema());
    Tags tags = Tags.of("name", name);
    var registry = client.registry();
    this.getLatency = Timer.builder("decor.cache.shared.latency").tags(tags).tag("op", "get")
        .description("Time of shared-tier calls, as the pool thread saw it").register(registry);
    this.putLatency = Timer.builder("decor.cache.shared.latency").tags(tags).tag("op", "put")
        .register(registry);
    this.timeouts = errorCounter(tags, "timeout");
    this.failures = errorCounter(tags, "failure");
    this.skipped = errorCounter(tags, "skipped");
    this.undecodable = errorCounter(tags, "decode");
    opening();
  }

  private Counter errorCounter(Tags tags, String kind) {
    return Counter.builder("decor.cache.shared.errors").tags(tags).tag("kind", kind)
        .description("Shared-tier calls that failed, timed out, were skipped or unreadable")
        .register(client.registry());
  }

  /**
   * A call's key: its bytes (stored with the value, so a digest collision reads as a miss) and the
   * string the tier stores it under, computed once for the lookup and the write.
   */
  record Key(byte[] bytes, String storeKey) {}

  /** The key of a call, or null (with one warning) when its arguments cannot be encoded. */
  Key key(Object receiver, Object[] parts) {
    try {
      byte[] bytes = SharedKeys.encode(prefix, receiver, parts);
      return new Key(bytes, SharedKeys.storeKey(bytes));
    } catch (SharedKeys.Unencodable e) {
      if (warnedKey.compareAndSet(false, true)) {
        log.warn("{} (cache '{}' computes such calls in-process)", e.namespace
            ? Messages.sharedEmptyNamespace(signature, e.getMessage())
            : Messages.sharedKey(signature, "(runtime value)", e.getMessage()), name);
      }
      return null;
    }
  }

  /** The tier's value for {@code key} (possibly null), or {@link #MISS}. */
  Object lookup(Key key) {
    SharedTier.Store open = storeWithinTimeout();
    if (open == null) {
      misses.increment();
      return MISS;
    }
    String storeKey = key.storeKey();
    Outcome[] outcome = new Outcome[1];
    byte[] stored = client.call(name, () -> {
      long start = System.nanoTime();
      byte[] v = open.get(storeKey);
      getLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return v;
    }, outcome);
    if (outcome[0] != Outcome.OK) {
      count(outcome[0]);
      misses.increment();
      return MISS;
    }
    Object value = stored == null ? MISS : decode(key.bytes(), stored);
    if (value == MISS) {
      misses.increment();
    } else {
      hits.increment();
    }
    return value;
  }

  /** Writes {@code value} under {@code key} in the background; failures are counted, never thrown. */
  void write(Key key, Object value) {
    byte[] bytes;
    try {
      bytes = encode(key.bytes(), value);
    } catch (IOException | RuntimeException e) {
      if (warnedValue.compareAndSet(false, true)) {
        log.warn("[decor/SharedValue] cache '{}' could not encode a result of {} ({}); such results"
            + " stay in-process", name, signature, e.toString());
      }
      errors.increment();
      undecodable.increment();
      return;
    }
    String storeKey = key.storeKey();
    SharedTier.Store open = store;
    if (open != null) {
      write(open, storeKey, bytes);
    } else {
      opening().thenAccept(s -> write(s, storeKey, bytes));
    }
  }

  private void write(SharedTier.Store open, String storeKey, byte[] bytes) {
    client.write(name, () -> {
      long start = System.nanoTime();
      open.put(storeKey, bytes);
      putLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      return null;
    }, outcome -> {
      if (outcome != Outcome.OK) {
        count(outcome);
      }
    });
  }

  private void count(Outcome outcome) {
    errors.increment();
    switch (outcome) {
      case TIMED_OUT -> timeouts.increment();
      case FAILED -> failures.increment();
      default -> skipped.increment();
    }
  }

  /** The store, once open: waits for a pending open at most the shared timeout; else null. */
  private SharedTier.Store storeWithinTimeout() {
    SharedTier.Store s = store;
    if (s != null) {
      return s;
    }
    try {
      return opening().get(client.timeoutNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The open in progress or done, starting one if there is none or the last one failed. */
  private synchronized CompletableFuture<SharedTier.Store> opening() {
    CompletableFuture<SharedTier.Store> current = opening;
    if (current == null || current.isCompletedExceptionally()) {
      current = client.open(name, () -> client.tier().open(name, ttl));
      current.thenAccept(s -> store = s);
      opening = current;
    }
    return current;
  }

  private byte[] encode(byte[] key, Object value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(key.length + 64);
    DataOutputStream out = new DataOutputStream(bytes);
    out.write('d');
    out.write('v');
    out.write(SharedKeys.VERSION);
    out.writeInt(key.length);
    out.write(key);
    codec.write(out, value);
    return bytes.toByteArray();
  }

  private Object decode(byte[] key, byte[] stored) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored));
      if (in.read() != 'd' || in.read() != 'v' || in.read() != SharedKeys.VERSION) {
        throw new IOException("not a decor value of version " + SharedKeys.VERSION);
      }
      byte[] storedKey = new byte[in.readInt()];
      in.readFully(storedKey);
      if (!Arrays.equals(storedKey, key)) {
        return MISS; // another key with the same digest: never served as this one
      }
      Object value = codec.read(in);
      if (in.read() != -1) {
        throw new IOException("trailing bytes");
      }
      return value;
    } catch (IOException | RuntimeException e) {
      errors.increment();
      undecodable.increment();
      if (warnedValue.compareAndSet(false, true)) {
        log.warn("[decor/SharedValue] cache '{}' could not read a shared value of {} ({}); it"
            + " computes instead", name, signature, e.toString());
      }
      return MISS;
    }
  }
}
