package dev.decor.conformance;

/** {@link VirtualThreadGradSuite} against classes woven by the load-time weaver. */
class LoadTimeWovenVirtualThreadGradTest extends VirtualThreadGradSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
