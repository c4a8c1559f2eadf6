package dev.decor.cache;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a shared {@code @Cached} method's results as bytes for the shared tier and reads them
 * back in another JVM — the part of Python's pickling a shared cache needs, without ever
 * instantiating a class named by the bytes.
 *
 * <p>decor has codecs for primitives and their boxes, strings, enums, arrays, {@code List}s and
 * {@code Map}s of those and records of all of them, chosen from the method's declared return type.
 * Register one for any other type with {@code Decor.builder().valueCodec(type, codec)}. decor
 * handles {@code null} itself; a codec never sees it. Implementations must be thread-safe.
 *
 * <pre>{@code
 * ValueCodec<Tensor> codec = new ValueCodec<>() {
 *   public void write(Tensor t, DataOutput out) throws IOException { ... }
 *   public Tensor read(DataInput in) throws IOException { ... }
 * };
 * }</pre>
 *
 * @param <T> the type of values
 */
public interface ValueCodec<T> {
  void write(T value, DataOutput out) throws IOException;

  T read(DataInput in) throws IOException;
}
