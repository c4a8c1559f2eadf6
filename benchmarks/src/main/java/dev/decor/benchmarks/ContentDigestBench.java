package dev.decor.benchmarks;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hasher128;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.decor.engine.Decorators;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of turning a 150,528-byte image (224 x 224 x 3) into a cache key: a decor
 * {@code @Cached} hit keyed by the image (through the public {@link Decorators} API, so the real
 * digest plus the lookup; the lookup is a few ns of the total) against {@link MessageDigest} MD5
 * and SHA-256, {@link Arrays#hashCode(byte[])}, the hash4j XXH3-128 call decor makes, and {@link Arrays#copyOf} as the memory-bandwidth reference (and {@code System.arraycopy} into a
 * preallocated array, the same copy without allocating 150 KB per call). The report divides
 * 150,528 bytes by ns/op to give bytes/ns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ContentDigestBench {
  private static final Hasher128 XXH3 = Hashing.xxh3_128();

  private byte[] image;
  private MessageDigest md5;
  private MessageDigest sha256;
  private byte[] copy;
  private Function<byte[], Integer> cached;

  @Setup(Level.Trial)
  public void setUp() throws NoSuchAlgorithmException {
    image = Kernel.image();
    md5 = MessageDigest.getInstance("MD5");
    sha256 = MessageDigest.getInstance("SHA-256");
    copy = new byte[image.length];
    cached = Decorators.named("ContentDigestBench.digest").cached(1).function(b -> b.length);
    cached.apply(image);
  }

  @Benchmark
  public Integer digest_decor() {
    return cached.apply(image);
  }

  @Benchmark
  public HashValue128 digest_xxh3Library() {
    return XXH3.hashBytesTo128Bits(image);
  }

  @Benchmark
  public byte[] digest_md5() {
    return md5.digest(image);
  }

  @Benchmark
  public byte[] digest_sha256() {
    return sha256.digest(image);
  }

  @Benchmark
  public int digest_arraysHashCode() {
    return Arrays.hashCode(image);
  }

  @Benchmark
  public byte[] digest_arraysCopyOf() {
    return Arrays.copyOf(image, image.length);
  }

  @Benchmark
  public byte[] digest_systemArraycopy() {
    System.arraycopy(image, 0, copy, 0, image.length);
    return copy;
  }
}
