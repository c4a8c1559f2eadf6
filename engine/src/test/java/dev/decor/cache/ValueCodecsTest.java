package dev.decor.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shared values are read back equal to what was written, from the declared type alone. */
class ValueCodecsTest {
  enum Label { CAT, DOG }

  record Box(float x, float y, Label label) {}

  record Detection(String model, Box[] boxes, List<String> tags, Map<String, Float> scores,
      double[][] grid, Integer maybe) {}

  interface Shape {}

  /** Declared types, read from these methods' return types. */
  abstract static class Returns {
    abstract List<String> strings();

    abstract Map<String, Float> scores();

    abstract <T> T variable();

    @SuppressWarnings("rawtypes")
    abstract List raw();

    abstract List<Shape> shapes();
  }

  private static Type returnType(String method) throws NoSuchMethodException {
    return Returns.class.getDeclaredMethod(method).getGenericReturnType();
  }

  private static Object roundTrip(Type type, Object value) throws IOException {
    ValueCodecs.Codec codec = ValueCodecs.forType(type, Map.of());
    assertThat(codec).as("codec for " + type).isNotNull();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    codec.write(new DataOutputStream(bytes), value);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    Object read = codec.read(in);
    assertThat(in.read()).as("every byte read").isEqualTo(-1);
    return read;
  }

  @Test
  void scalarsStringsEnumsAndNulls() throws Exception {
    assertThat(roundTrip(int.class, 42)).isEqualTo(42);
    assertThat(roundTrip(Integer.class, null)).isNull();
    assertThat(roundTrip(Double.class, -0.0d)).isEqualTo(-0.0d);
    assertThat(roundTrip(char.class, 'é')).isEqualTo('é');
    assertThat(roundTrip(String.class, "naïve ✓")).isEqualTo("naïve ✓");
    assertThat(roundTrip(Label.class, Label.DOG)).isEqualTo(Label.DOG);
  }

  @Test
  void arraysListsMapsAndNestedRecords() throws Exception {
    assertThat((float[]) roundTrip(float[].class, new float[] {1.5f, Float.NaN}))
        .containsExactly(1.5f, Float.NaN);
    assertThat((boolean[]) roundTrip(boolean[].class, new boolean[] {true, false}))
        .containsExactly(true, false);
    assertThat((long[]) roundTrip(long[].class, new long[] {Long.MIN_VALUE}))
        .containsExactly(Long.MIN_VALUE);
    assertThat((String[]) roundTrip(String[].class, new String[] {"a", null}))
        .containsExactly("a", null);
    assertThat(roundTrip(returnType("strings"), List.of("x", "y"))).isEqualTo(List.of("x", "y"));
    Map<String, Float> scores = new LinkedHashMap<>();
    scores.put("cat", 0.9f);
    scores.put("dog", 0.1f);
    @SuppressWarnings("unchecked")
    Map<String, Float> readScores = (Map<String, Float>) roundTrip(returnType("scores"), scores);
    assertThat(readScores).containsExactly(Map.entry("cat", 0.9f), Map.entry("dog", 0.1f));

    Detection d = new Detection("m", new Box[] {new Box(1, 2, Label.CAT)}, List.of("t"),
        Map.of("cat", 1f), new double[][] {{1, 2}, {3}}, null);
    Detection read = (Detection) roundTrip(Detection.class, d);
    assertThat(read.model()).isEqualTo("m");
    assertThat(read.boxes()).containsExactly(new Box(1, 2, Label.CAT));
    assertThat(read.tags()).containsExactly("t");
    assertThat(read.scores()).containsExactly(Map.entry("cat", 1f));
    assertThat(read.grid()).isDeepEqualTo(new double[][] {{1, 2}, {3}});
    assertThat(read.maybe()).isNull();
  }

  @Test
  void aRecordsSchemaNamesItsComponentsSoAChangedRecordGetsNewKeys() {
    assertThat(ValueCodecs.forType(Box.class, Map.of()).schema())
        .isEqualTo("record " + Box.class.getName() + "(x:float,y:float,label:enum "
            + Label.class.getName() + ")");
  }

  @Test
  void typesWithoutAStableEncodingHaveNoCodec() throws Exception {
    assertThat(ValueCodecs.forType(Object.class, Map.of())).isNull();
    assertThat(ValueCodecs.forType(Shape.class, Map.of())).isNull();
    assertThat(ValueCodecs.forType(returnType("variable"), Map.of())).isNull();
    assertThat(ValueCodecs.forType(returnType("raw"), Map.of())).isNull();
    assertThat(ValueCodecs.forType(returnType("shapes"), Map.of())).isNull();
    assertThat(ValueCodecs.forType(StringBuilder.class, Map.of())).isNull();
  }

  @Test
  void anUnknownEnumConstantIsAnErrorNotAWrongValue() throws Exception {
    ValueCodecs.Codec strings = ValueCodecs.forType(String.class, Map.of());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    strings.write(new DataOutputStream(bytes), "BIRD");
    ValueCodecs.Codec labels = ValueCodecs.forType(Label.class, Map.of());
    assertThatThrownBy(() -> labels.read(
        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
        .isInstanceOf(IOException.class).hasMessageContaining("BIRD");
    assertThat(Arrays.asList(Label.values())).doesNotContain((Label) null);
  }
}
