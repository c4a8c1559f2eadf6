/**
 * decor's Maven plugin: {@code decor:weave} / {@code decor:test-weave} weave decor's aspect into
 * compiled classes in place with ajc, incrementally; {@code decor:check} fails a build whose
 * decor-annotated methods no mode decorates or whose annotation values are invalid, and reports
 * every chain. The mojos are the plugin's API (their goals and parameters); every other class here
 * is internal. What the plugin assumes about decor's other modules is in {@code DecorNames}.
 * Usage: {@code docs/maven-plugin.md}.
 */
package dev.decor.maven;
