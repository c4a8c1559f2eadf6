/**
 * Not API. decor's annotation processor: {@link dev.decor.processor.DecorProcessor} validates
 * decor annotations at compile time and writes a {@code Decorated…} wrapper class per annotated
 * type. Only {@code DecorProcessor} is public; add this module to {@code annotationProcessorPaths}.
 */
package dev.decor.processor;
