package dev.decor.conformance;

/** {@link VirtualThreadGradSuite} against classes woven at build time. */
class CompileTimeWovenVirtualThreadGradTest extends VirtualThreadGradSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
