package dev.decor;

/**
 * Marker implemented by every wrapper class the decor processor generates.
 *
 * <p>The AspectJ aspects skip executions whose {@code this} is a {@code Decorated} instance, so a
 * method is decorated exactly once when both modes are active.
 */
public interface Decorated {}
