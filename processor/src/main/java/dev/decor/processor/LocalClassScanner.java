package dev.decor.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.decor.internal.Messages;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Finds decor annotations on methods of local and anonymous classes, which javac never hands to
 * a processor ({@code getElementsAnnotatedWith} does not look inside method bodies), and reports
 * them: no wrapper can extend such a class, so the annotations would silently do nothing.
 *
 * <p>Method bodies are not attributed while processors run, so annotations are matched by
 * name against the compilation unit's imports ({@code dev.decor.Timed} or {@code dev.decor.*});
 * a fully qualified {@code @dev.decor.Timed} matches too. Needs javac's tree API; under another
 * compiler this check is skipped.
 */
final class LocalClassScanner {
  private static final Set<String> SIMPLE_NAMES = TypeNames.DECOR_ANNOTATIONS.stream()
      .map(ClassName::simpleName)
      .collect(Collectors.toSet());
  private static final String PACKAGE = TypeNames.DECORATED.packageName();

  private final Trees trees;
  private final Set<CompilationUnitTree> scanned = new HashSet<>();

  private LocalClassScanner(Trees trees) {
    this.trees = trees;
  }

  /** A scanner, or null when the compiler is not javac. */
  static LocalClassScanner create(ProcessingEnvironment env) {
    try {
      return new LocalClassScanner(Trees.instance(env));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reports decorated methods of local and anonymous classes in the units of {@code roots}. */
  void scan(Set<? extends Element> roots) {
    for (Element root : roots) {
      TreePath path = trees.getPath(root);
      if (path != null && scanned.add(path.getCompilationUnit())
          && !DecorAnnotations.inGeneratedWrapper(root)) {
        new Scanner(path.getCompilationUnit()).scan(path.getCompilationUnit(), null);
      }
    }
  }

  private final class Scanner extends TreePathScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final Set<String> imported = new HashSet<>();
    private boolean wildcard;

    Scanner(CompilationUnitTree unit) {
      this.unit = unit;
      for (ImportTree i : unit.getImports()) {
        String name = i.getQualifiedIdentifier().toString();
        if (!i.isStatic() && name.equals(PACKAGE + ".*")) {
          wildcard = true;
        } else if (!i.isStatic() && name.startsWith(PACKAGE + ".")) {
          imported.add(name.substring(PACKAGE.length() + 1));
        }
      }
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      Tree parent = getCurrentPath().getParentPath().getLeaf();
      boolean member = parent instanceof ClassTree || parent instanceof CompilationUnitTree;
      if (!member && !inWovenType()) {
        for (Tree t : node.getMembers()) {
          if (t instanceof MethodTree && isDecorated((MethodTree) t)) {
            String name = parent instanceof NewClassTree
                ? "anonymous " + ((NewClassTree) parent).getIdentifier()
                : node.getSimpleName().toString();
            trees.printMessage(Kind.ERROR,
                Messages.notExtendable(name, "it is a local or anonymous class"), t, unit);
          }
        }
      }
      return super.visitClass(node, unused);
    }

    /** Whether a member type around the current local class is marked {@code @Woven}. */
    private boolean inWovenType() {
      for (TreePath p = getCurrentPath().getParentPath(); p != null; p = p.getParentPath()) {
        if (p.getLeaf() instanceof ClassTree) {
          Element e = trees.getElement(p);
          if (e != null && e.getKind() != null && WrapperStep.isWoven(e)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean isDecorated(MethodTree method) {
      for (AnnotationTree a : method.getModifiers().getAnnotations()) {
        String name = a.getAnnotationType().toString();
        if (name.startsWith(PACKAGE + ".")
            ? SIMPLE_NAMES.contains(name.substring(PACKAGE.length() + 1))
            : SIMPLE_NAMES.contains(name) && (wildcard || imported.contains(name))) {
          return true;
        }
      }
      return false;
    }
  }
}
