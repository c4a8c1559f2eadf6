package dev.decor.benchmarks;

import dev.decor.engine.BenchmarkAccess;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.openhft.hashing.LongTupleHashFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of turning a 150,528-byte image (224 x 224 x 3) into a cache key: decor's content
 * digest (the real {@code CacheKeys.normalize} code, via {@link BenchmarkAccess}) against
 * {@link MessageDigest} MD5 and SHA-256, {@link Arrays#hashCode(byte[])}, the XXH3-128 library
 * call decor wraps, and {@link Arrays#copyOf} as the memory-bandwidth reference (and {@code System.arraycopy} into a
 * preallocated array, the same copy without allocating 150 KB per call). The report divides
 * 150,528 bytes by ns/op to give bytes/ns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ContentDigestBench {
  private static final LongTupleHashFunction XXH3 = LongTupleHashFunction.xx128();

  private byte[] image;
  private MessageDigest md5;
  private MessageDigest sha256;
  private byte[] copy;

  @Setup(Level.Trial)
  public void setUp() throws NoSuchAlgorithmException {
    image = Kernel.image();
    md5 = MessageDigest.getInstance("MD5");
    sha256 = MessageDigest.getInstance("SHA-256");
    copy = new byte[image.length];
  }

  @Benchmark
  public Object digest_decor() {
    return BenchmarkAccess.cacheKeyOf(image);
  }

  @Benchmark
  public long[] digest_xxh3Library() {
    return XXH3.hashBytes(image);
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
