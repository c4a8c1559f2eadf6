package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;

import com.google.auto.common.MoreElements;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.decor.Batched;
import dev.decor.internal.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * {@code @Batched}, beyond its values ({@link ValuesStep}): the method takes one item and returns
 * a value or a {@code CompletableFuture}/{@code CompletionStage} of one; no {@code @Retry},
 * {@code @CircuitBreaker}, {@code @ConcurrencyLimit} or grad annotation beside
 * it (they belong on the batch method); and the batch method it names exists in
 * the same type, is not private, is static exactly when the method is, and takes {@code List<In>} and returns
 * {@code List<Out>} for the method's {@code In} and {@code Out}. Also writes the statement a
 * wrapper's override runs ({@link #statement}).
 */
final class BatchedStep extends ValidationStep {
  static final ClassName BATCHED = ClassName.get(Batched.class);

  BatchedStep(ProcessingEnvironment env, Reports reports) {
    super(env, reports, BATCHED);
  }

  @Override
  ValidationReport validate(ExecutableElement method) {
    ValidationReport report = new ValidationReport();
    AnnotationMirror batched = DecorAnnotations.find(method, BATCHED).orElseThrow();
    String signature = DecorAnnotations.signature(method, types);
    for (ClassName other : List.of(TypeNames.RETRY, TypeNames.CIRCUIT_BREAKER,
        TypeNames.CONCURRENCY_LIMIT, TypeNames.NO_GRAD, TypeNames.INFERENCE_MODE)) {
      if (DecorAnnotations.find(method, other).isPresent()) {
        report.error(Messages.batchedCombination(signature, other.simpleName()), method, batched,
            null);
      }
    }
    boolean stageSubtype = checkAsyncReturnType(report, method, batched);
    if (method.getParameters().size() != 1 || method.getReturnType().getKind() == TypeKind.VOID) {
      return report.error(Messages.batchedSignature(signature), method, batched, null);
    }
    checkScheduling(report, method, batched, signature);
    String name = (String) DecorAnnotations.value(batched, "method").getValue();
    if (name.isEmpty() || stageSubtype) {
      // ValuesStep reports an empty name; for a stage subtype there is no item result to match,
      // and the fix is the return type, not the batch method.
      return report;
    }
    TypeElement owner = asType(method.getEnclosingElement());
    DeclaredType ownerType = (DeclaredType) owner.asType();
    TypeMirror in = DecorAnnotations.boxed(types, method.getParameters().get(0).asType());
    TypeMirror out = DecorAnnotations.boxed(types, itemResult(method.getReturnType()));
    String expected = "'List<" + simple(out) + "> " + name + "(List<" + simple(in) + ">)'";
    List<ExecutableElement> candidates = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(owner.getEnclosedElements())) {
      // Private and static methods are not among the inherited ones below: found here, so they
      // are reported as such rather than as missing.
      if (m.getSimpleName().contentEquals(name) && (m.getModifiers().contains(Modifier.PRIVATE)
          || m.getModifiers().contains(Modifier.STATIC))) {
        candidates.add(m);
      }
    }
    for (ExecutableElement m :
        MoreElements.getLocalAndInheritedMethods(owner, types, java.elements)) {
      if (m.getSimpleName().contentEquals(name)) {
        candidates.add(m);
      }
    }
    String problem = null;
    ExecutableElement match = null;
    for (ExecutableElement m : candidates) {
      ExecutableType t = (ExecutableType) types.asMemberOf(ownerType, m);
      if (t.getParameterTypes().size() == 1 && isListOf(t.getParameterTypes().get(0), in)
          && isListOf(t.getReturnType(), out)) {
        match = m;
      }
    }
    if (candidates.isEmpty()) {
      problem = "does not exist";
    } else if (match == null) {
      problem = "does not take List<" + simple(in) + "> and return List<" + simple(out) + ">";
    } else if (match.getModifiers().contains(Modifier.PRIVATE)) {
      problem = "is private (decor calls it through the receiver)";
    } else if (match.getModifiers().contains(Modifier.STATIC)
        != method.getModifiers().contains(Modifier.STATIC)) {
      problem = match.getModifiers().contains(Modifier.STATIC)
          ? "is static (decor calls it on the receiver of the batched calls)"
          : "is not static, like the batched method";
    }
    if (problem != null) {
      report.errorOnValue(Messages.batchMethod(signature, name, problem, expected), method,
          batched, "method");
    } else if (!isFuture(method.getReturnType())) {
      checkThrows(report, method, batched, signature, name,
          ((ExecutableType) types.asMemberOf(ownerType, match)).getThrownTypes());
    }
    return report;
  }

  /**
   * The scheduling attributes that depend on each other: {@code preferredSizes} within
   * {@code maxSize} ({@code [decor/BatchedValue]}), and {@code maxCost} with a {@code cost} method
   * of the same class, {@code long|int cost(In)}, static as the method is ({@code [decor/BatchCost]}).
   */
  private void checkScheduling(ValidationReport report, ExecutableElement method,
      AnnotationMirror batched, String signature) {
    String preferred = (String) DecorAnnotations.value(batched, "preferredSizes").getValue();
    int maxSize = (Integer) DecorAnnotations.value(batched, "maxSize").getValue();
    if (dev.decor.spec.BatchedSpec.checkPreferredSizes(preferred) == null
        && !preferred.isBlank()) {
      String[] parts = preferred.split(",");
      int largest = Integer.parseInt(parts[parts.length - 1].trim());
      if (largest > maxSize) {
        report.errorOnValue(Messages.batchedPreferredSizes(preferred,
            "lists " + largest + ", above maxSize " + maxSize), method, batched, "preferredSizes");
      }
    }
    long maxCost = ((Number) DecorAnnotations.value(batched, "maxCost").getValue()).longValue();
    String cost = (String) DecorAnnotations.value(batched, "cost").getValue();
    if (cost.isEmpty()) {
      if (maxCost > 0) {
        report.errorOnValue(Messages.batchCostMissing(signature),
            method, batched, "maxCost");
      }
      return;
    }
    if (maxCost == 0) {
      report.errorOnValue(Messages.batchCostWithoutMaxCost(signature, cost), method, batched,
          "cost");
      return;
    }
    if (method.getParameters().size() != 1) {
      return;
    }
    TypeElement owner = asType(method.getEnclosingElement());
    TypeMirror in = method.getParameters().get(0).asType();
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    List<ExecutableElement> candidates = new ArrayList<>(ElementFilter.methodsIn(
        owner.getEnclosedElements()));
    candidates.addAll(MoreElements.getLocalAndInheritedMethods(owner, types, java.elements));
    for (ExecutableElement m : candidates) {
      TypeKind returns = m.getReturnType().getKind();
      if (m.getSimpleName().contentEquals(cost) && m.getParameters().size() == 1
          && types.isAssignable(in, m.getParameters().get(0).asType())
          && (returns == TypeKind.LONG || returns == TypeKind.INT)
          && !m.getModifiers().contains(Modifier.PRIVATE)
          && m.getModifiers().contains(Modifier.STATIC) == isStatic) {
        return;
      }
    }
    report.errorOnValue(Messages.batchCostNotFound(signature, cost, simple(in)), method, batched,
        "cost");
  }

  /**
   * Reports each checked exception the batch method declares ({@code thrown}) that a synchronous
   * {@code method} does not: its callers get exactly what the batch method threw, which Java
   * would not let them catch (a generated wrapper could only wrap it).
   */
  private void checkThrows(ValidationReport report, ExecutableElement method,
      AnnotationMirror batched, String signature, String batchMethod,
      List<? extends TypeMirror> thrown) {
    for (TypeMirror t : thrown) {
      if (java.isUnchecked(t)) {
        continue;
      }
      boolean declared = false;
      for (TypeMirror d : method.getThrownTypes()) {
        declared |= types.isSubtype(t, d);
      }
      if (!declared) {
        report.errorOnValue(Messages.batchThrows(signature, batchMethod,
            DecorAnnotations.erasedSimpleName(types.erasure(t))), method, batched, "method");
      }
    }
  }

  /** Whether {@code returned} is {@code CompletableFuture} or {@code CompletionStage} itself. */
  private boolean isFuture(TypeMirror returned) {
    if (returned.getKind() != TypeKind.DECLARED) {
      return false;
    }
    String n = asType(types.asElement(returned)).getQualifiedName().toString();
    return n.equals(CompletableFuture.class.getName()) || n.equals(CompletionStage.class.getName());
  }

  /** The item result: {@code X} of a {@code CompletableFuture<X>}/{@code CompletionStage<X>}. */
  private TypeMirror itemResult(TypeMirror returned) {
    List<? extends TypeMirror> arguments =
        isFuture(returned) ? ((DeclaredType) returned).getTypeArguments() : List.of();
    return arguments.size() == 1 ? arguments.get(0) : returned;
  }

  private boolean isListOf(TypeMirror type, TypeMirror element) {
    TypeElement list = java.elements.getTypeElement(List.class.getCanonicalName());
    return types.isSameType(type, types.getDeclaredType(list, element));
  }

  private String simple(TypeMirror t) {
    return TypeName.get(t).toString().replaceAll("\\b[a-z][\\w]*\\.", "");
  }

  /**
   * The override's statement: {@code return (R) chain.invokeBatched(self, item,
   * (BatchMethod<In, Out>) this::batch);} — the batch method is called on the wrapper, so its own
   * decorators (e.g. {@code @InferenceMode}) apply around each batch. {@code resolved} is the
   * method as a member of the wrapped type.
   */
  static CodeBlock statement(Types types, ExecutableElement method, ExecutableType resolved,
      String chain, CodeBlock self) {
    AnnotationMirror batched = DecorAnnotations.find(method, BATCHED).orElseThrow();
    String batchMethod = (String) DecorAnnotations.value(batched, "method").getValue();
    TypeName in = TypeName.get(resolved.getParameterTypes().get(0)).box();
    TypeMirror returned = resolved.getReturnType();
    TypeName returns = TypeName.get(returned);
    TypeName out = returns.box();
    if (returns instanceof ParameterizedTypeName p && p.typeArguments().size() == 1
        && (p.rawType().canonicalName().equals(CompletableFuture.class.getName())
            || p.rawType().canonicalName().equals(CompletionStage.class.getName()))) {
      out = p.typeArguments().get(0);
    }
    return CodeBlock.of("return ($T) $N.invokeBatched($L, $N, ($T) this::$N);\n", returns, chain,
        self, method.getParameters().get(0).getSimpleName().toString(),
        ParameterizedTypeName.get(TypeNames.BATCH_METHOD, in, out), batchMethod);
  }
}
