package dev.decor.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.logging.Log;
import org.aspectj.bridge.IMessage;
import org.aspectj.bridge.ISourceLocation;
import org.aspectj.bridge.MessageHandler;
import org.aspectj.tools.ajc.Main;

/**
 * Weaves with ajc, AspectJ's compiler, run in this JVM on class files only ({@code -inpath}, no
 * sources): the same weaver, arguments and output as {@code aspectj-maven-plugin}'s binary weaving
 * with decor-aspectj under {@code aspectLibraries} (the conformance build compares them). ajc, not
 * the load-time weaver, because only ajc inlines decor's single-decorator advice into the woven
 * method (no closure per call).
 *
 * <p>The compliance level is read from the classes themselves (the newest class file version
 * among them), so the build needs no {@code complianceLevel} setting. Lint: {@code
 * adviceDidNotMatch} is off, since an incremental weave may hand ajc classes with no decor
 * annotation at all ({@code decor:check} is the guard against a weave that reached nothing).
 *
 * <p>ajc keeps some state in static fields, so runs in one JVM are serialized.
 */
final class AjcWeaver implements Weaver {
  private static final Object AJC = new Object();

  private final List<Path> aspectPath;
  private final Path lintFile;
  private final boolean showWeaveInfo;
  private final Log log;

  /**
   * @param aspectPath the aspect libraries (decor-aspectj)
   * @param lintFile where to write ajc's lint settings
   * @param showWeaveInfo log each advised join point at info level (else at debug)
   */
  AjcWeaver(List<Path> aspectPath, Path lintFile, boolean showWeaveInfo, Log log) {
    this.aspectPath = List.copyOf(aspectPath);
    this.lintFile = lintFile;
    this.showWeaveInfo = showWeaveInfo;
    this.log = log;
  }

  /** The arguments ajc gets; also part of the weave's fingerprint. */
  List<String> arguments(Path in, Path out, List<Path> classPath, int javaVersion) {
    List<String> args = new ArrayList<>();
    args.add("-inpath");
    args.add(in.toString());
    args.add("-aspectpath");
    args.add(join(aspectPath));
    args.add("-classpath");
    args.add(join(classPath));
    args.add("-d");
    args.add(out.toString());
    args.add(javaVersion <= 8 ? "-1." + javaVersion : "-" + javaVersion);
    args.add("-Xlintfile");
    args.add(lintFile.toString());
    args.add("-showWeaveInfo");
    return args;
  }

  @Override
  public void weave(Path in, Path out, List<Path> classPath) throws WeaveException {
    List<String> args;
    try {
      Files.createDirectories(lintFile.getParent());
      Files.writeString(lintFile, "adviceDidNotMatch=ignore\ncanNotImplementLazyTjp=ignore\n");
      args = arguments(in, out, classPath, javaVersion(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (log.isDebugEnabled()) {
      log.debug("decor:weave: ajc " + String.join(" ", args));
    }
    MessageHandler messages = new MessageHandler(true);
    messages.dontIgnore(IMessage.WEAVEINFO);
    synchronized (AJC) {
      new Main().run(args.toArray(new String[0]), messages);
    }
    List<String> errors = new ArrayList<>();
    for (IMessage m : messages.getUnmodifiableListView()) {
      String text = render(m);
      if (m.isError() || m.isAbort() || m.isFailed()) {
        errors.add(text);
        log.error(text);
      } else if (m.isWarning()) {
        log.warn(text);
      } else if (m.getKind() == IMessage.WEAVEINFO && showWeaveInfo) {
        log.info(text);
      } else {
        log.debug(text);
      }
    }
    if (!errors.isEmpty()) {
      Throwable cause = messages.getUnmodifiableListView().stream()
          .map(IMessage::getThrown).filter(t -> t != null).findFirst().orElse(null);
      throw new WeaveException("ajc failed to weave decor's aspect:\n" + String.join("\n", errors),
          cause);
    }
  }

  private static String render(IMessage m) {
    ISourceLocation where = m.getSourceLocation();
    String location = where == null || where.getSourceFile() == null
        ? "" : " (" + where.getSourceFile().getName() + ":" + where.getLine() + ")";
    return "ajc: " + m.getMessage() + location;
  }

  /** The newest Java version among the class files under {@code in} (17 if there are none). */
  static int javaVersion(Path in) throws IOException {
    int major = 0;
    for (String file : ClassIndex.classFiles(in)) {
      byte[] header = new byte[8];
      try (var stream = Files.newInputStream(in.resolve(file))) {
        if (stream.readNBytes(header, 0, 8) == 8) {
          major = Math.max(major, ((header[6] & 0xff) << 8) | (header[7] & 0xff));
        }
      }
    }
    return major == 0 ? 17 : major - 44;
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}
