package dev.decor.conformance;

/** Woven-only cases, woven at build time. */
class CompileTimeWovenOnlyTest extends WovenOnlySuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
