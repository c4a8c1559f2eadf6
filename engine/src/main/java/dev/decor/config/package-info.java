/**
 * Configuration: overriding any decorator's attributes per method or group without a rebuild,
 * and reporting what each chain runs with. API: {@link dev.decor.config.DecoratedMethod} (what
 * {@code Decor.methods()} returns), {@link dev.decor.config.FrontEnd} and
 * {@link dev.decor.config.Source}. Engine-facing (consulted by the assembly when it builds a chain,
 * never on a call): {@code Overrides}, which reads and validates the keys once per engine. Inside:
 * {@code Values}, turning configuration strings into annotation values. Imports only the kernel
 * (the annotations' descriptions and messages): the scheme and its rules are the annotations'.
 * See docs/configuration.md.
 */
package dev.decor.config;
