/**
 * Compact detections: struct of arrays next to a record, with JOL measurements.
 *
 * <p>Part of decor's sample app; not API.
 */
package dev.decor.examples.detect;
