/**
 * Training settings as an immutable, validated record.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.config;
