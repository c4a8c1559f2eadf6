package dev.decor.config;

/**
 * Which of decor's front ends built a method's chain, as {@code Decor.methods()} reports it: each
 * front end tells the engine which it is when it builds the chain, so the report needs no guess.
 */
public enum FrontEnd {
  /** A wrapper the annotation processor generated ({@code Chains.of}, at class initialisation). */
  GENERATED,
  /** A method woven by decor's aspect, at compile or load time ({@code Chains.forMethod}). */
  WOVEN,
  /** A function decorated by {@code Decorators.named(…)} or {@code Decor.decorate(…)}. */
  DECORATORS,
  /** A chain built by {@code Decor.chain(…)}. */
  CHAIN,
  /** A batcher made by {@code Decor.batch(…)}: {@code @Batched} without a method. */
  BATCHER
}
