package dev.decor.conformance;

/** The configuration overrides suite against classes woven at build time by the AspectJ Maven plugin. */
class CompileTimeWovenConfigurationTest extends ConfigurationSuite {
  @Override
  Mode mode() {
    return Mode.WOVEN_CTW;
  }
}
