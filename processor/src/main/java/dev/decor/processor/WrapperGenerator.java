package dev.decor.processor;

import static com.google.auto.common.MoreElements.asType;
import static java.util.stream.Collectors.toList;

import com.google.auto.common.MoreElements;
import com.google.auto.common.MoreTypes;
import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.decor.internal.Shape;
import dev.decor.internal.describe.Attribute;
import dev.decor.internal.describe.Description;
import dev.decor.spec.Order;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Writes the {@code Decorated…} wrapper of one type.
 *
 * <h2>Shape</h2>
 * For a class, a subclass with every non-private constructor mirrored; for an interface, a final
 * class holding a delegate, with {@code wrap(delegate)}. Each decor-annotated method gets a
 * {@code private static final Chain $chain_<method>} built from the annotation values as literals,
 * and an override that calls {@code chain.invoke(self, [args,] () -> super.m(args))}. Overrides
 * keep type parameters, varargs, {@code throws}, parameter names and the method's annotations.
 *
 * <h2>Interface wrappers</h2>
 * The receiver the engine sees ({@code self}) is the delegate, not the wrapper: a
 * {@code Trainable} delegate is what {@code @InferenceMode} switches to eval, and {@code @Cached}
 * keys on the delegate, so two wrappers of one delegate share entries, as the delegate's own
 * calls would. Calls the delegate makes on itself do not pass through the wrapper.
 *
 * <h2>Exceptions</h2>
 * {@code Chain.invoke} declares {@code Throwable} but rethrows exactly what the method threw, so
 * the override rethrows unchecked exceptions and the method's declared exceptions as they are;
 * anything else (impossible unless the body cheats the compiler) is wrapped in
 * {@code UndeclaredThrowableException}, as a dynamic proxy would.
 */
final class WrapperGenerator {
  private static final String COMMENTS = "decor wrapper: edit the annotated type instead";

  private final JavaTypes java;
  private final Types types;
  private final Catches catches;
  private final FallbackResolver fallbacks;
  private final CacheKeyClass keys;

  WrapperGenerator(JavaTypes java) {
    this.java = java;
    this.types = java.types;
    this.catches = new Catches(java);
    this.fallbacks = new FallbackResolver(java);
    this.keys = new CacheKeyClass(java);
  }

  JavaFile generate(TypeElement type) {
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    DeclaredType declared = (DeclaredType) type.asType();
    ClassName wrapper = WrapperNames.wrapperName(type);
    List<ExecutableElement> methods = wrappedMethods(type, isInterface);
    Map<ExecutableElement, String> chains = chainFieldNames(methods);

    TypeSpec.Builder spec = TypeSpec.classBuilder(wrapper)
        .addOriginatingElement(type)
        .addAnnotation(AnnotationSpec.builder(TypeNames.GENERATED)
            .addMember("value", "$S", DecorProcessor.class.getName())
            .addMember("comments", "$S", COMMENTS)
            .build())
        .addAnnotation(AnnotationSpec.builder(SuppressWarnings.class)
            .addMember("value", "{$S, $S, $S, $S}", "deprecation", "rawtypes", "serial", "unchecked")
            .build())
        .addTypeVariables(typeVariables(type));
    if (type.getModifiers().contains(Modifier.PUBLIC)) {
      spec.addModifiers(Modifier.PUBLIC);
    }
    for (Map.Entry<ExecutableElement, String> chain : chains.entrySet()) {
      spec.addField(chainField(type, chain.getKey(), chain.getValue()));
      if (DecorAnnotations.orders(chain.getKey()).contains(Order.CACHED)) {
        spec.addType(keys.keyClass(chain.getKey(), CacheKeyClass.name(chain.getValue())));
      }
    }

    Target target;
    if (isInterface) {
      spec.addJavadoc("Decorating wrapper of a {@link $T}: its decor-annotated methods run\n"
              + "through their decorator chains, then call the delegate; every other method\n"
              + "forwards to it.\n", ClassName.get(type))
          .addModifiers(Modifier.FINAL)
          .addSuperinterface(TypeName.get(declared))
          .addSuperinterface(TypeNames.DECORATED);
      addDelegation(spec, type, wrapper);
      target = Target.DELEGATE;
    } else {
      spec.addJavadoc("Decorated subclass of {@link $T}: its decor-annotated methods run\n"
              + "through their decorator chains, then call {@code super}.\n", ClassName.get(type))
          .superclass(TypeName.get(declared))
          .addSuperinterface(TypeNames.DECORATED);
      if (type.getModifiers().contains(Modifier.ABSTRACT)) {
        spec.addModifiers(Modifier.ABSTRACT);
      }
      for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
        if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
          spec.addMethod(constructor(constructor));
        }
      }
      target = Target.SUPER;
    }
    spec.addJavadoc("\n<p>Generated by the decor annotation processor; do not edit.\n");

    for (ExecutableElement method : methods) {
      String chain = chains.get(method);
      spec.addMethod(chain == null
          ? forwarding(method, declared)
          : decorated(method, declared, chain, target));
    }
    return JavaFile.builder(wrapper.packageName(), spec.build())
        .indent("  ")
        .skipJavaLangImports(true)
        .build();
  }

  /** What an override calls: {@code super} (subclass wrapper) or the delegate (interface wrapper). */
  private enum Target { SUPER, DELEGATE }

  /**
   * The methods the wrapper overrides, in declaration order: for a class, the annotated ones; for
   * an interface, every instance method (annotated ones decorated, the rest forwarded).
   */
  private List<ExecutableElement> wrappedMethods(TypeElement type, boolean isInterface) {
    List<ExecutableElement> result = new ArrayList<>();
    for (ExecutableElement m : MoreElements.getLocalAndInheritedMethods(type, types, java.elements)) {
      Set<Modifier> modifiers = m.getModifiers();
      if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)
          || modifiers.contains(Modifier.FINAL) || isObjectMethod(m)) {
        continue;
      }
      if (isInterface || (DecorAnnotations.isDecorated(m) && !modifiers.contains(Modifier.ABSTRACT))) {
        result.add(m);
      }
    }
    return result;
  }

  /** Declared by {@code Object}, or an interface's redeclaration of equals, hashCode or toString. */
  private boolean isObjectMethod(ExecutableElement m) {
    if (asType(m.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")) {
      return true;
    }
    String name = m.getSimpleName().toString();
    List<? extends VariableElement> params = m.getParameters();
    return (params.isEmpty() && (name.equals("hashCode") || name.equals("toString")))
        || (params.size() == 1 && name.equals("equals")
            && types.erasure(params.get(0).asType()).toString().equals("java.lang.Object"));
  }

  /** {@code $chain_<method>}, with {@code _1}, {@code _2}… for annotated overloads. */
  private static Map<ExecutableElement, String> chainFieldNames(List<ExecutableElement> methods) {
    Map<String, Integer> overloads = new LinkedHashMap<>();
    for (ExecutableElement m : methods) {
      if (DecorAnnotations.isDecorated(m)) {
        overloads.merge(m.getSimpleName().toString(), 1, Integer::sum);
      }
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    Map<ExecutableElement, String> names = new LinkedHashMap<>();
    for (ExecutableElement m : methods) {
      if (DecorAnnotations.isDecorated(m)) {
        String name = m.getSimpleName().toString();
        String suffix = overloads.get(name) > 1 ? "_" + seen.merge(name, 1, Integer::sum) : "";
        names.put(m, "$chain_" + name + suffix);
      }
    }
    return names;
  }

  /**
   * {@code private static final Chain $chain_m = Chains.of(MethodKey.of(Owner.class, "m", P.class),
   * specs…)}, the owner being the type that declares the method; for {@code @Fallback}, with the
   * lambda calling the fallback ({@link #fallbackLambda}) before the specs, and for
   * {@code @Cached}, then with its key class's factory ({@code $Key_m::of}).
   */
  private FieldSpec chainField(TypeElement type, ExecutableElement method, String name) {
    CodeBlock.Builder key = CodeBlock.builder().add("$T.of($T.class, $S", TypeNames.METHOD_KEY,
        ClassName.get(asType(method.getEnclosingElement())), method.getSimpleName().toString());
    for (VariableElement p : method.getParameters()) {
      key.add(", $T.class", TypeName.get(types.erasure(p.asType())));
    }
    key.add(")");
    CodeBlock.Builder init = CodeBlock.builder().add("$T.of(\n$>$>$L", TypeNames.CHAINS, key.build());
    if (DecorAnnotations.find(method, TypeNames.FALLBACK).isPresent()) {
      init.add(",\n$L", fallbackLambda(type, method));
    }
    if (DecorAnnotations.orders(method).contains(Order.CACHED)) {
      init.add(",\n$N::of", CacheKeyClass.name(name)); // the key class of a cached method
    }
    for (CodeBlock spec : specs(method)) {
      init.add(",\n$L", spec);
    }
    init.add(")$<$<");
    return FieldSpec.builder(TypeNames.CHAIN, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(init.build())
        .build();
  }

  /**
   * The {@code FallbackMethod} of a {@code @Fallback} method: a lambda calling the fallback
   * directly on the receiver the engine passes (this wrapper, or an interface wrapper's delegate),
   * each argument cast back to its erased type, the failure passed on if it takes it —
   * {@code (self, args, failure) -> ((Service) self).predictOnCpu((float[]) args[0], failure)},
   * a {@code FallbackMethod}. The fallback carries no decor annotation (the processor rejects
   * that), so the wrapper does not override it.
   */
  private CodeBlock fallbackLambda(TypeElement type, ExecutableElement method) {
    ExecutableElement fallback = fallbacks.resolve(method, false).match();
    CodeBlock.Builder args = CodeBlock.builder();
    List<? extends VariableElement> parameters = fallback.getParameters();
    int n = method.getParameters().size();
    for (int i = 0; i < n; i++) {
      args.add(i == 0 ? "" : ", ").add(cast(parameters.get(i).asType(), CodeBlock.of("args[$L]", i)));
    }
    if (parameters.size() > n) {
      args.add(n == 0 ? "" : ", ").add(cast(parameters.get(n).asType(), CodeBlock.of("failure")));
    }
    boolean isStatic = fallback.getModifiers().contains(Modifier.STATIC);
    CodeBlock call = isStatic
        ? CodeBlock.of("$T.$N($L)", ClassName.get(asType(fallback.getEnclosingElement())),
            fallback.getSimpleName().toString(), args.build())
        : CodeBlock.of("(($T) self).$N($L)", ClassName.get(type),
            fallback.getSimpleName().toString(), args.build());
    CodeBlock body = fallback.getReturnType().getKind() == TypeKind.VOID
        ? CodeBlock.of("{\n$>$L;\nreturn null;\n$<}", call)
        : call;
    return CodeBlock.of("(self, args, failure) -> $L", body);
  }

  /** {@code (E) value} for the erasure {@code E} of {@code type}; no cast to Object or Throwable. */
  private CodeBlock cast(TypeMirror type, CodeBlock value) {
    TypeName erased = TypeName.get(types.erasure(type));
    return erased.equals(ClassName.OBJECT) || erased.equals(ClassName.get(Throwable.class))
        ? value
        : CodeBlock.of("($T) $L", erased, value);
  }

  /**
   * The specs of {@code method}'s decor annotations, in pipeline order, as their descriptions
   * say: {@code XSpec.builder().attr(literal)….build()} with a setter call only for a value that
   * differs from the attribute's default, or the spec constant of an annotation without
   * attributes. Only named calls, so the wrapper links against later minor versions.
   */
  private List<CodeBlock> specs(ExecutableElement method) {
    List<CodeBlock> specs = new ArrayList<>(4);
    for (Description<?, ?> description : Description.all()) {
      DecorAnnotations.find(method, description).ifPresent(mirror -> {
        ClassName specType = ClassName.get(description.specType());
        if (description.constant() != null) {
          specs.add(CodeBlock.of("$T.$N", specType, description.constant()));
          return;
        }
        CodeBlock.Builder spec = CodeBlock.builder().add("$T.builder()", specType);
        for (Attribute<?, ?> attribute : description.attributes()) {
          CodeBlock value = literal(DecorAnnotations.value(mirror, attribute.name()));
          AnnotationValue fallback = defaultValue(mirror, attribute.name());
          if (fallback == null || !value.equals(literal(fallback))) {
            spec.add("$Z.$N($L)", attribute.name(), value);
          }
        }
        if (description.order() == Order.TIMED) {
          spec.add(metricTags(method));
        }
        specs.add(spec.add(".build()").build());
      });
    }
    return specs;
  }

  /**
   * {@code .tag(i, "key", Mapper.class)} per {@code @MetricTag} parameter of {@code method}, for
   * its {@code TimedSpec}.
   */
  private CodeBlock metricTags(ExecutableElement method) {
    CodeBlock.Builder tags = CodeBlock.builder();
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      AnnotationMirror tag =
          DecorAnnotations.find(parameters.get(i), TypeNames.METRIC_TAG).orElse(null);
      if (tag != null) {
        tags.add("$Z.tag($L, $L, $L)", i, literal(DecorAnnotations.value(tag, "value")),
            literal(DecorAnnotations.value(tag, "mapper")));
      }
    }
    return tags.build();
  }

  /** Whether a parameter of {@code method} carries {@code @MetricTag}: its chain takes the arguments. */
  private static boolean tagged(ExecutableElement method) {
    return method.getParameters().stream()
        .anyMatch(p -> DecorAnnotations.find(p, TypeNames.METRIC_TAG).isPresent());
  }

  /** The default of {@code mirror}'s {@code attribute}, or null when it has none. */
  private static AnnotationValue defaultValue(AnnotationMirror mirror, String attribute) {
    for (ExecutableElement m :
        ElementFilter.methodsIn(mirror.getAnnotationType().asElement().getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(attribute)) {
        return m.getDefaultValue();
      }
    }
    return null;
  }

  /**
   * An annotation value as a Java literal; an array as its elements, for a varargs setter (class
   * literals, numbers, strings).
   */
  private CodeBlock literal(AnnotationValue value) {
    Object v = value.getValue();
    if (v instanceof List) {
      @SuppressWarnings("unchecked")
      List<AnnotationValue> listed = (List<AnnotationValue>) v;
      return listed.stream().map(this::literal).collect(CodeBlock.joining(",$W"));
    }
    if (v instanceof String) {
      return CodeBlock.of("$S", v);
    }
    if (v instanceof TypeMirror) { // a class-valued attribute, e.g. retryIf
      return CodeBlock.of("$T.class", TypeName.get(types.erasure((TypeMirror) v)));
    }
    if (v instanceof VariableElement) { // an enum constant
      VariableElement constant = (VariableElement) v;
      return CodeBlock.of("$T.$N", TypeName.get(types.erasure(constant.asType())),
          constant.getSimpleName().toString());
    }
    if (v instanceof Long || v instanceof Float) {
      return CodeBlock.of("$L$L", v, v instanceof Long ? "L" : "f");
    }
    return CodeBlock.of("$L", v instanceof Double ? Double.toString((Double) v) : v);
  }

  /** A constructor with {@code constructor}'s parameters that calls it. */
  private MethodSpec constructor(ExecutableElement constructor) {
    MethodSpec.Builder m = MethodSpec.constructorBuilder();
    for (Modifier modifier : constructor.getModifiers()) {
      if (modifier == Modifier.PUBLIC || modifier == Modifier.PROTECTED) {
        m.addModifiers(modifier);
      }
    }
    for (AnnotationMirror annotation : constructor.getAnnotationMirrors()) {
      m.addAnnotation(AnnotationSpec.get(annotation));
    }
    constructor.getTypeParameters().forEach(t -> m.addTypeVariable(TypeVariableName.get(t)));
    constructor.getParameters().forEach(p -> m.addParameter(ParameterSpec.get(p)));
    constructor.getThrownTypes().forEach(t -> m.addException(TypeName.get(t)));
    return m.varargs(constructor.isVarArgs())
        .addStatement("super($L)", arguments(constructor))
        .build();
  }

  /** The delegate field, the constructor taking it, and {@code static wrap(delegate)}. */
  private static void addDelegation(TypeSpec.Builder spec, TypeElement type, ClassName wrapper) {
    TypeName iface = TypeName.get(type.asType());
    List<TypeVariableName> vars = typeVariables(type);
    spec.addField(iface, "delegate", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder()
            .addJavadoc("Decorates {@code delegate}, which receives every call.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(iface, "delegate")
            .addStatement("this.delegate = $T.requireNonNull(delegate, $S)", TypeNames.OBJECTS,
                "delegate")
            .build())
        .addMethod(MethodSpec.methodBuilder("wrap")
            .addJavadoc("Returns {@code delegate} decorated, typed as the interface.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addTypeVariables(vars)
            .returns(iface)
            .addParameter(iface, "delegate")
            .addStatement("return new $T$L(delegate)", wrapper, vars.isEmpty() ? "" : "<>")
            .build());
  }

  /** An interface method that is not decorated: forwarded to the delegate. */
  private MethodSpec forwarding(ExecutableElement method, DeclaredType declared) {
    MethodSpec.Builder m = override(method, declared);
    boolean isVoid = method.getReturnType().getKind() == TypeKind.VOID;
    return m.addStatement("$L$L.$N($L)", isVoid ? "" : "return ", delegate(method),
            method.getSimpleName().toString(), arguments(method))
        .build();
  }

  /** An annotated method: through its chain, then {@code super} or the delegate. */
  private MethodSpec decorated(
      ExecutableElement method, DeclaredType declared, String chain, Target target) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, method);
    MethodSpec.Builder m = override(method, declared);
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (!asType(annotation.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals("java.lang.Override")) {
        m.addAnnotation(AnnotationSpec.get(annotation));
      }
    }
    NameAllocator names = new NameAllocator();
    method.getParameters().forEach(p -> names.newName(p.getSimpleName().toString(), p));
    CodeBlock args = arguments(method);
    CodeBlock self = target == Target.SUPER ? CodeBlock.of("this") : delegate(method);
    CodeBlock call = CodeBlock.of("$L.$N($L)",
        target == Target.SUPER ? CodeBlock.of("super") : self, method.getSimpleName().toString(),
        args);

    TypeMirror returnType = resolved.getReturnType();
    Set<Order> orders = DecorAnnotations.orders(method);
    boolean tagged = tagged(method);
    Shape shape =
        Shape.of(orders, returnsStage(returnType), retryNeedsEachResult(method), tagged);
    if (shape == Shape.BATCHED) {
      CodeBlock batched = BatchedStep.statement(types, method, resolved, chain, self);
      return m.addCode(catches.wrap(batched, resolved.getThrownTypes(), names)).build();
    }
    boolean cached = orders.contains(Order.CACHED);
    CodeBlock statement;
    if (shape == Shape.TIMED_ONLY) {
      statement = timedBracket(returnType, chain, call, names);
    } else if (shape == Shape.RETRY_ONLY || shape == Shape.RETRY_JUDGED) {
      statement = retryLoop(returnType, chain, call, names, shape == Shape.RETRY_JUDGED);
    } else if (shape == Shape.TIMEOUT_ONLY || shape == Shape.BREAKER_ONLY) {
      statement = hookBracket(returnType, chain, call, names, shape == Shape.BREAKER_ONLY);
    } else if (shape == Shape.LIMIT_ONLY) {
      statement = limitBracket(returnType, chain, call, names);
    } else if (shape == Shape.FALLBACK_ONLY) {
      statement = fallbackCatch(returnType, chain, self, call, argumentArray(method, args), names);
    } else if (Shape.cacheFirst(orders) && !keys.contentKeyed(method)) {
      // A hit is answered from the method's own key class before any argument array or closure
      // is built.
      String key = names.newName("key");
      String hit = names.newName("hit");
      String keyClass = CacheKeyClass.name(chain);
      statement = CodeBlock.builder()
          .addStatement("$N $N = $L", keyClass, key, CacheKeyClass.newKey(keyClass, self, method))
          .addStatement("$T $N = $N.cachedHit($N)", Object.class, hit, chain, key)
          .beginControlFlow("if ($N != $T.MISS)", hit, TypeNames.CHAIN)
          .addStatement(returning(returnType, CodeBlock.of("$N", hit)))
          .endControlFlow()
          .add(invokeStatement(returnType, chain, self, argumentArray(method, args), call))
          .build();
    } else {
      // The cache key, the fallback and the metric tags take the arguments.
      boolean arguments = cached || orders.contains(Order.FALLBACK) || tagged;
      statement = invokeStatement(returnType, chain, self,
          arguments ? argumentArray(method, args) : null, call);
      if (shape == Shape.GRAD_ONLY) {
        statement = gradBracket(returnType, chain, self, call, names).add(statement).build();
      }
    }
    m.addCode(catches.wrap(statement, resolved.getThrownTypes(), names));
    return m.build();
  }

  /**
   * {@code [return (T)] chain.invoke(self, [arguments,] () -> call);}, the general path;
   * {@code arguments} (the key's array) is null for a chain that does not cache.
   */
  private static CodeBlock invokeStatement(TypeMirror returnType, String chain, CodeBlock self,
      CodeBlock arguments, CodeBlock call) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    CodeBlock.Builder invoke = CodeBlock.builder().add("$N.invoke($L,$W", chain, self);
    if (arguments != null) {
      invoke.add("$L,$W", arguments);
    }
    if (isVoid) {
      return invoke.add("() -> {\n$>$L;\nreturn null;\n$<});\n", call).build();
    }
    invoke.add("() -> $L)", call);
    return CodeBlock.of("$L;\n", returning(returnType, invoke.build()));
  }

  /** {@code return (T) value}, without the cast for {@code Object}. */
  private static CodeBlock returning(TypeMirror returnType, CodeBlock value) {
    TypeName returns = TypeName.get(returnType);
    return returns.equals(ClassName.OBJECT)
        ? CodeBlock.of("return $L", value)
        : CodeBlock.of("return ($T) $L", returns, value);
  }

  /** The cache key's arguments: {@code new Object[] {a, b}}. */
  private static CodeBlock argumentArray(ExecutableElement method, CodeBlock args) {
    return method.getParameters().isEmpty()
        ? CodeBlock.of("new $T[0]", Object.class)
        : CodeBlock.of("new $T[] {$L}", Object.class, args);
  }

  /**
   * Whether {@code method}'s {@code @Retry} has {@code retryIf} or {@code maxDuration}, which the
   * retry loop's hooks do not serve (they see neither the result nor the first attempt's start):
   * {@code Shape.of}'s third argument, as the engine's {@code RetrySpec.needsEachResult}.
   */
  static boolean retryNeedsEachResult(ExecutableElement method) {
    AnnotationMirror retry = DecorAnnotations.find(method, TypeNames.RETRY).orElse(null);
    if (retry == null) {
      return false;
    }
    TypeMirror retryIf = (TypeMirror) DecorAnnotations.value(retry, "retryIf").getValue();
    boolean judges = !MoreTypes.asTypeElement(retryIf).getQualifiedName()
        .contentEquals(java.util.function.Predicate.class.getCanonicalName());
    return judges || !((String) DecorAnnotations.value(retry, "maxDuration").getValue()).isEmpty();
  }

  /**
   * Declares {@code result} (unless the method is void) and opens {@code try { [result =] call; }}
   * for the caller to continue with its {@code catch} or {@code finally}.
   */
  private static CodeBlock.Builder tryCall(CodeBlock.Builder code, TypeMirror returnType,
      String result, CodeBlock call) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    if (!isVoid) {
      code.addStatement("$T $N", TypeName.get(returnType), result);
    }
    return code.beginControlFlow("try")
        .addStatement(isVoid ? CodeBlock.of("$L", call) : CodeBlock.of("$N = $L", result, call));
  }

  /** Whether a method returning {@code type} is retried asynchronously by the engine. */
  private boolean returnsStage(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        && types.isAssignable(types.erasure(type), java.erased(CompletionStage.class));
  }

  /**
   * A {@code @Timed}-only method: the body called directly between the chain's timing hooks.
   *
   * <pre>{@code
   * long start = $chain_m.timedStart();
   * float result;
   * try {
   *   result = super.m(x);
   * } catch (Throwable failure) {
   *   $chain_m.timedFailed(start, failure);
   *   throw failure;
   * }
   * return (float) $chain_m.timedEnd(start, result);   // a primitive result: timedEnd(start, null)
   * }</pre>
   *
   * {@code throw failure} rethrows precisely what the body may throw (Java 7's precise rethrow),
   * so the method's {@code throws} clause still holds.
   */
  private static CodeBlock timedBracket(TypeMirror returnType, String chain, CodeBlock call,
      NameAllocator names) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String start = names.newName("start");
    String result = names.newName("result");
    String failure = names.newName("failure");
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("long $N = $N.timedStart()", start, chain);
    tryCall(code, returnType, result, call)
        .nextControlFlow("catch ($T $N)", Throwable.class, failure)
        .addStatement("$N.timedFailed($N, $N)", chain, start, failure)
        .addStatement("throw $N", failure)
        .endControlFlow();
    if (isVoid || returnType.getKind().isPrimitive()) {
      // Nothing to wrap: the result cannot be a stage, so it need not be boxed for the hook.
      code.addStatement("$N.timedEnd($N, null)", chain, start);
      return isVoid ? code.build() : code.addStatement("return $N", result).build();
    }
    return code.addStatement(returning(returnType,
        CodeBlock.of("$N.timedEnd($N, $N)", chain, start, result))).build();
  }

  /**
   * A synchronous {@code @Retry}-only method: the attempts run here, each failure handed to the
   * chain, which waits or rethrows it (see {@code Chain.retryOnly}).
   *
   * <pre>{@code
   * Object retry = null;
   * while (true) {
   *   float result;
   *   try {
   *     result = super.m(x);
   *   } catch (Throwable failure) {
   *     retry = $chain_m.retryFailed(retry, failure);
   *     continue;
   *   }
   *   $chain_m.retrySucceeded(retry);
   *   return result;
   * }
   * }</pre>
   *
   * With {@code retryIf} or {@code maxDuration} ({@code judged}, {@code Shape.RETRY_JUDGED}) the
   * loop starts from the call's token, the chain's one lookup, and its start:
   * {@code Object retry = $chain_m.retryEnter(); long start = Chain.retryStart(retry);}; the
   * static hooks act on the token alone ({@code retry = Chain.retryFailed(retry, failure, start)})
   * and each result goes to the chain instead of {@code retrySucceeded}:
   *
   * <pre>{@code
   *   Object next = Chain.retryResult(retry, result, start);   // a void method: null
   *   if (next == Chain.RETRY_DONE) {
   *     return result;
   *   }
   *   retry = next;
   * }</pre>
   */
  private static CodeBlock retryLoop(TypeMirror returnType, String chain, CodeBlock call,
      NameAllocator names, boolean judged) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String start = judged ? names.newName("start") : null;
    String state = names.newName("retry");
    String result = names.newName("result");
    String failure = names.newName("failure");
    CodeBlock.Builder code = CodeBlock.builder();
    if (judged) {
      code.addStatement("$T $N = $N.retryEnter()", Object.class, state, chain)
          .addStatement("long $N = $T.retryStart($N)", start, TypeNames.CHAIN, state);
    } else {
      code.addStatement("$T $N = null", Object.class, state);
    }
    code.beginControlFlow("while (true)");
    tryCall(code, returnType, result, call)
        .nextControlFlow("catch ($T $N)", Throwable.class, failure)
        .addStatement(judged
            ? CodeBlock.of("$N = $T.retryFailed($N, $N, $N)", state, TypeNames.CHAIN, state,
                failure, start)
            : CodeBlock.of("$N = $N.retryFailed($N, $N)", state, chain, state, failure))
        .addStatement("continue")
        .endControlFlow();
    CodeBlock done = isVoid ? CodeBlock.of("return") : CodeBlock.of("return $N", result);
    if (!judged) {
      code.addStatement("$N.retrySucceeded($N)", chain, state).addStatement(done);
      return code.endControlFlow().build();
    }
    String next = names.newName("next");
    code.addStatement("$T $N = $T.retryResult($N, $L, $N)", Object.class, next, TypeNames.CHAIN,
            state, isVoid ? CodeBlock.of("null") : CodeBlock.of("$N", result), start)
        .beginControlFlow("if ($N == $T.RETRY_DONE)", next, TypeNames.CHAIN)
        .addStatement(done)
        .endControlFlow()
        .addStatement("$N = $N", state, next);
    return code.endControlFlow().build();
  }

  /**
   * A synchronous {@code @Timeout}-only or {@code @CircuitBreaker}-only method: the body called
   * directly between the chain's hooks, as {@link #timedBracket} does. The breaker's outcome goes
   * to the breaker that admitted the call (a live change may replace it meanwhile), so it keeps
   * two values.
   *
   * <pre>{@code
   * Object token = $chain_m.timeoutStart();    // Object breaker = $chain_m.breakerEnter();
   *                                             // long start = $chain_m.breakerStart(breaker);
   * float result;
   * try {
   *   result = super.m(x);
   * } catch (Throwable failure) {
   *   $chain_m.timeoutFailed(token, failure);   // throws the timeout if the deadline passed
   *   throw failure;
   * }
   * $chain_m.timeoutEnd(token);                 // $chain_m.breakerSucceeded(breaker, start);
   * return result;
   * }</pre>
   */
  private static CodeBlock hookBracket(TypeMirror returnType, String chain, CodeBlock call,
      NameAllocator names, boolean breaker) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String token = names.newName(breaker ? "breaker" : "token");
    String result = names.newName("result");
    String failure = names.newName("failure");
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$T $N = $N.$N()", Object.class, token, chain,
            breaker ? "breakerEnter" : "timeoutStart");
    CodeBlock values = CodeBlock.of("$N", token);
    if (breaker) {
      String start = names.newName("start");
      code.addStatement("long $N = $N.breakerStart($N)", start, chain, token);
      values = CodeBlock.of("$N, $N", token, start);
    }
    tryCall(code, returnType, result, call)
        .nextControlFlow("catch ($T $N)", Throwable.class, failure)
        .addStatement("$N.$N($L, $N)", chain, breaker ? "breakerFailed" : "timeoutFailed", values,
            failure)
        .addStatement("throw $N", failure)
        .endControlFlow()
        .addStatement("$N.$N($L)", chain, breaker ? "breakerSucceeded" : "timeoutEnd", values);
    return isVoid ? code.build() : code.addStatement("return $N", result).build();
  }

  /**
   * A synchronous {@code @ConcurrencyLimit}-only method: the body holds a permit.
   *
   * <pre>{@code
   * Object permit = $chain_m.limitEnter();   // waits up to maxWait, or throws the rejection
   * try {
   *   return super.m(x);
   * } finally {
   *   $chain_m.limitExit(permit);
   * }
   * }</pre>
   */
  private static CodeBlock limitBracket(TypeMirror returnType, String chain, CodeBlock call,
      NameAllocator names) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String permit = names.newName("permit");
    return CodeBlock.builder()
        .addStatement("$T $N = $N.limitEnter()", Object.class, permit, chain)
        .beginControlFlow("try")
        .addStatement(isVoid ? CodeBlock.of("$L", call) : CodeBlock.of("return $L", call))
        .nextControlFlow("finally")
        .addStatement("$N.limitExit($N)", chain, permit)
        .endControlFlow()
        .build();
  }

  /**
   * A synchronous {@code @Fallback}-only method: the body in a {@code try}; the arguments are
   * gathered for the fallback only when it fails.
   *
   * <pre>{@code
   * try {
   *   return super.m(x);
   * } catch (Throwable failure) {
   *   return (float) $chain_m.fallback(this, new Object[] {x}, failure);   // or rethrows failure
   * }
   * }</pre>
   */
  private static CodeBlock fallbackCatch(TypeMirror returnType, String chain, CodeBlock self,
      CodeBlock call, CodeBlock arguments, NameAllocator names) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String failure = names.newName("failure");
    CodeBlock answer = CodeBlock.of("$N.fallback($L, $L, $N)", chain, self, arguments, failure);
    CodeBlock.Builder code = CodeBlock.builder()
        .beginControlFlow("try")
        .addStatement(isVoid ? CodeBlock.of("$L", call) : CodeBlock.of("return $L", call))
        .nextControlFlow("catch ($T $N)", Throwable.class, failure);
    if (isVoid) {
      code.addStatement("$L", answer);
    } else {
      code.addStatement(returning(returnType, answer));
    }
    return code.endControlFlow().build();
  }

  /**
   * A grad-only method's fast path, ahead of the general {@code invoke}: on a thread that may
   * enter grad regions inline (not a virtual thread) the engine's region brackets a direct call,
   * as the woven advice does, so no closure is built and nothing is allocated:
   *
   * <pre>{@code
   * GradThread thread = $chain_m.gradThread();
   * if (thread != null) {
   *   long token = $chain_m.enterGrad(thread, this);
   *   float result;
   *   try {
   *     result = super.m(x);
   *   } finally {
   *     $chain_m.exitGrad(thread, this, token);
   *   }
   *   return result;          // a reference result goes through (T) $chain_m.gradResult(this, result)
   * }
   * }</pre>
   */
  private static CodeBlock.Builder gradBracket(TypeMirror returnType, String chain,
      CodeBlock self, CodeBlock call, NameAllocator names) {
    boolean isVoid = returnType.getKind() == TypeKind.VOID;
    String thread = names.newName("thread");
    String token = names.newName("token");
    String result = names.newName("result");
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$T $N = $N.gradThread()", TypeNames.GRAD_THREAD, thread, chain)
        .beginControlFlow("if ($N != null)", thread)
        .addStatement("long $N = $N.enterGrad($N, $L)", token, chain, thread, self);
    tryCall(code, returnType, result, call)
        .nextControlFlow("finally")
        .addStatement("$N.exitGrad($N, $L, $N)", chain, thread, self, token)
        .endControlFlow();
    if (isVoid) {
      code.addStatement("return");
    } else if (returnType.getKind().isPrimitive()) {
      code.addStatement("return $N", result);
    } else {
      code.addStatement(returning(returnType,
          CodeBlock.of("$N.gradResult($L, $N)", chain, self, result)));
    }
    return code.endControlFlow();
  }

  /**
   * The signature of an override of {@code method} in a subtype of {@code declared}: its type
   * parameters, its parameter and return types as members of {@code declared}, parameter names,
   * varargs and {@code throws}; public or protected as the method is. Unlike
   * {@code MethodSpec.overriding}, it drops {@code synchronized} (the super method still locks;
   * the chain need not) and {@code native}.
   */
  private MethodSpec.Builder override(ExecutableElement method, DeclaredType declared) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf(declared, method);
    MethodSpec.Builder m = MethodSpec.methodBuilder(method.getSimpleName().toString())
        .addAnnotation(Override.class);
    for (Modifier modifier : method.getModifiers()) {
      if (modifier == Modifier.PUBLIC || modifier == Modifier.PROTECTED) {
        m.addModifiers(modifier);
      }
    }
    // The resolved type variables: their bounds use the subtype's type arguments.
    resolved.getTypeVariables().forEach(t -> m.addTypeVariable(typeVariable(t)));
    m.returns(TypeName.get(resolved.getReturnType()));
    for (int i = 0; i < method.getParameters().size(); i++) {
      m.addParameter(TypeName.get(resolved.getParameterTypes().get(i)),
          method.getParameters().get(i).getSimpleName().toString());
    }
    resolved.getThrownTypes().forEach(t -> m.addException(TypeName.get(t)));
    return m.varargs(method.isVarArgs());
  }

  /**
   * {@code t} with the bounds of its mirror; JavaPoet's {@code TypeVariableName.get(TypeVariable)}
   * reads them from the declaring element, before substitution.
   */
  private static TypeVariableName typeVariable(TypeVariable t) {
    TypeMirror upper = t.getUpperBound();
    List<? extends TypeMirror> bounds = upper.getKind() == TypeKind.INTERSECTION
        ? ((IntersectionType) upper).getBounds()
        : List.of(upper);
    return TypeVariableName.get(t.asElement().getSimpleName().toString(), bounds.stream()
        .map(TypeName::get)
        .filter(b -> !b.equals(ClassName.OBJECT))
        .toArray(TypeName[]::new));
  }

  /** The delegate field, qualified with {@code this} if a parameter of {@code method} hides it. */
  private static CodeBlock delegate(ExecutableElement method) {
    boolean hidden = method.getParameters().stream()
        .anyMatch(p -> p.getSimpleName().contentEquals("delegate"));
    return CodeBlock.of(hidden ? "this.delegate" : "delegate");
  }

  private static CodeBlock arguments(ExecutableElement method) {
    return method.getParameters().stream()
        .map(p -> CodeBlock.of("$N", p.getSimpleName().toString()))
        .collect(CodeBlock.joining(", "));
  }

  private static List<TypeVariableName> typeVariables(TypeElement type) {
    return type.getTypeParameters().stream().map(TypeVariableName::get).collect(toList());
  }
}
