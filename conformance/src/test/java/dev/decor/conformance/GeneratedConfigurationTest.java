package dev.decor.conformance;

/** The configuration overrides suite against the processor's generated wrappers. */
class GeneratedConfigurationTest extends ConfigurationSuite {
  @Override
  Mode mode() {
    return Mode.GENERATED;
  }
}
