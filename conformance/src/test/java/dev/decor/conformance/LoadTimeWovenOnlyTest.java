package dev.decor.conformance;

/** Woven-only cases, woven by the agent at class load. */
class LoadTimeWovenOnlyTest extends WovenOnlySuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
