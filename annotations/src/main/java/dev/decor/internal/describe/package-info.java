/**
 * Not API. One description per decor annotation ({@code Description}, built in
 * {@code Descriptions}): its attributes, how each is read, which spec-builder setter takes it and
 * the rule its value keeps. The processor validates and generates code from it, the woven reader
 * and {@code Decorators} build specs with it, so every mode says the same words.
 */
package dev.decor.internal.describe;
