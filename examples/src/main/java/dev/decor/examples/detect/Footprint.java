package dev.decor.examples.detect;

import java.util.SplittableRandom;
import java.io.OutputStream;
import java.io.PrintStream;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.vm.VM;

/**
 * Measures the retained heap of {@link Detections} and of a {@code BoundingBox[]} with JOL
 * ({@code GraphLayout}: every object reachable from the root, headers and padding included) —
 * what {@code sys.getsizeof} cannot tell you in Python. Stateless.
 */
public final class Footprint {
  static {
    // Records' field offsets are not available through Unsafe; JOL finds them another way with this.
    // The attaches only add warnings here: sizes come from the computed layouts.
    System.setProperty("jol.magicFieldOffset", "true");
    System.setProperty("jol.skipDynamicAttach", "true");
    System.setProperty("jol.skipHotspotSAAttach", "true");
  }

  private Footprint() {}

  /** Bytes per box of both layouts, for {@code boxes} boxes. */
  public record Result(int boxes, double structOfArraysBytesPerBox, double recordsBytesPerBox) {}

  /** Builds {@code boxes} random boxes in both layouts and measures them. */
  public static Result measure(int boxes) {
    Detections columns = columns(boxes, 7);
    double soa = bytesPerBox(columns, boxes);
    BoundingBox[] records = new BoundingBox[boxes];
    for (int i = 0; i < boxes; i++) {
      records[i] = columns.get(i);
    }
    return new Result(boxes, soa, bytesPerBox(records, boxes));
  }

  /** {@code boxes} random boxes in a trimmed {@link Detections}. */
  public static Detections columns(int boxes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Detections d = new Detections(boxes);
    for (int i = 0; i < boxes; i++) {
      d.add((float) random.nextDouble(640), (float) random.nextDouble(480), 8 + (float) random.nextDouble(120),
          8 + (float) random.nextDouble(120), (float) random.nextDouble(), (short) random.nextInt(80));
    }
    d.trimToSize();
    return d;
  }

  /** Total bytes reachable from {@code root}, divided by {@code boxes}. */
  public static double bytesPerBox(Object root, int boxes) {
    initQuietly();
    return GraphLayout.parseInstance(root).totalSize() / (double) boxes;
  }

  /** JOL prints warnings about agents it does not need here to System.out when it starts; hide them. */
  private static synchronized void initQuietly() {
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      VM.current();
    } finally {
      System.setOut(out);
    }
  }
}
