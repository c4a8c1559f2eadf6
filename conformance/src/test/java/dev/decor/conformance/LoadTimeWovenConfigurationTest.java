package dev.decor.conformance;

/** The configuration overrides suite against classes woven by the load-time weaver. */
class LoadTimeWovenConfigurationTest extends ConfigurationSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_LTW;
  }
}
