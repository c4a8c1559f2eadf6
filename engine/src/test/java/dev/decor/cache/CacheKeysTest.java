package dev.decor.cache;

import dev.decor.engine.internal.Chain;
import dev.decor.engine.internal.Chains;
import dev.decor.kernel.MethodKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hashing;
import dev.decor.fixtures.CountingEmbedder;
import dev.decor.spec.CachedSpec;
import dev.decor.internal.Messages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code @Cached} keys: the XXH3-128 content digest of arrays and buffers, and cyclic arrays. */
class CacheKeysTest {
  /** Lengths around the 8 KiB chunk the digest copies non-byte arrays in. */
  static Stream<Arguments> lengths() {
    return Stream.of(0, 1, 7, 1023, 1024, 1025, 2047, 2048, 2049, 4096, 10_000)
        .map(Arguments::of);
  }

  /** The XXH3-128 of {@code n} bytes written into a little-endian buffer by {@code write}. */
  private static CacheKeys.Digest expected(Class<?> type, int length, int bytes,
      Function<ByteBuffer, ByteBuffer> write) {
    byte[] le = new byte[bytes];
    write.apply(ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN));
    HashValue128 h = Hashing.xxh3_128().hashBytesTo128Bits(le);
    return new CacheKeys.Digest(type, length, h.getMostSignificantBits(),
        h.getLeastSignificantBits());
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("lengths")
  void everyPrimitiveArrayIsTheXxh3OfItsLittleEndianBytes(int n) {
    float[] f = new float[n];
    int[] i = new int[n];
    long[] l = new long[n];
    double[] d = new double[n];
    short[] s = new short[n];
    char[] c = new char[n];
    boolean[] z = new boolean[n];
    byte[] b = new byte[n];
    for (int k = 0; k < n; k++) {
      f[k] = k * 0.5f;
      i[k] = k * 31;
      l[k] = k * 1_000_003L << 20;
      d[k] = k / 3.0;
      s[k] = (short) (k * 7);
      c[k] = (char) ('a' + k % 26);
      z[k] = k % 3 == 0;
      b[k] = (byte) k;
    }
    assertThat(CacheKeys.normalize(f)).isEqualTo(expected(float.class, n, 4 * n,
        buf -> buf.asFloatBuffer().put(f) == null ? null : buf));
    assertThat(CacheKeys.normalize(i)).isEqualTo(expected(int.class, n, 4 * n,
        buf -> buf.asIntBuffer().put(i) == null ? null : buf));
    assertThat(CacheKeys.normalize(l)).isEqualTo(expected(long.class, n, 8 * n,
        buf -> buf.asLongBuffer().put(l) == null ? null : buf));
    assertThat(CacheKeys.normalize(d)).isEqualTo(expected(double.class, n, 8 * n,
        buf -> buf.asDoubleBuffer().put(d) == null ? null : buf));
    assertThat(CacheKeys.normalize(s)).isEqualTo(expected(short.class, n, 2 * n,
        buf -> buf.asShortBuffer().put(s) == null ? null : buf));
    assertThat(CacheKeys.normalize(c)).isEqualTo(expected(char.class, n, 2 * n,
        buf -> buf.asCharBuffer().put(c) == null ? null : buf));
    assertThat(CacheKeys.normalize(z)).isEqualTo(expected(boolean.class, n, n, buf -> {
      for (boolean v : z) {
        buf.put(v ? (byte) 1 : (byte) 0);
      }
      return buf;
    }));
    assertThat(CacheKeys.normalize(b)).isEqualTo(expected(byte.class, n, n, buf -> buf.put(b)));
  }

  static Stream<Arguments> nonEmptyLengths() {
    return lengths().skip(1);
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("nonEmptyLengths")
  void theLastElementOfAnArrayChangesItsKey(int n) {
    double[] a = new double[n];
    Object before = CacheKeys.normalize(a);
    a[n - 1] = 1e-300;
    assertThat(CacheKeys.normalize(a)).isNotEqualTo(before);
  }

  @ParameterizedTest(name = "length {0}")
  @MethodSource("lengths")
  void aDirectBufferHasTheKeyOfTheSameBytesOnTheHeap(int n) {
    byte[] bytes = new byte[n + 3];
    for (int k = 0; k < bytes.length; k++) {
      bytes[k] = (byte) (k * 13);
    }
    ByteBuffer heap = ByteBuffer.wrap(bytes).position(3);
    ByteBuffer direct = ByteBuffer.allocateDirect(n + 3).put(bytes).position(3);
    assertThat(CacheKeys.normalize(direct)).isEqualTo(CacheKeys.normalize(heap));
    assertThat(direct.position()).isEqualTo(3);
  }

  private static Chain describeChain() {
    return Chains.of(MethodKey.of(CountingEmbedder.class, "describe", Object.class),
        CachedSpec.of(10, "", "CacheKeysTest#cyclic"));
  }

  @Test
  void aSelfReferencingObjectArrayGetsAClearErrorInsteadOfAStackOverflow() {
    Object[] self = new Object[2];
    self[0] = "x";
    self[1] = self;
    Object[] outer = {new Object[] {1, new Object[] {2, null}}};
    ((Object[]) ((Object[]) outer[0])[1])[1] = outer;
    CountingEmbedder embedder = new CountingEmbedder();
    Chain chain = describeChain();
    String message = Messages.cachedCyclicArgument(
        "dev.decor.fixtures.CountingEmbedder.describe(Object)");
    for (Object[] cyclic : new Object[][] {self, outer}) {
      assertThatThrownBy(() -> chain.invoke(embedder, new Object[] {cyclic},
          () -> embedder.describe(cyclic)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message)
          .hasMessageStartingWith("[decor/CachedCyclicArgument] @Cached method");
    }
    assertThat(embedder.calls()).isZero();
  }

  @Test
  void theSameArrayTwiceWithoutACycleIsFine() throws Throwable {
    Object[] shared = {1, 2};
    Object[] twice = {shared, shared, new Object[] {shared}};
    CountingEmbedder embedder = new CountingEmbedder();
    Chain chain = describeChain();
    chain.invoke(embedder, new Object[] {twice}, () -> embedder.describe(twice));
    chain.invoke(embedder, new Object[] {twice}, () -> embedder.describe(twice));
    assertThat(embedder.calls()).isEqualTo(1);
  }
}
