/**
 * JMH benchmarks of decor (not API, not published): each decorator against a direct call,
 * hand-written code and peer libraries, in one run. Run {@code benchmarks/run.sh}; results and
 * their reading are in {@code BENCHMARKS.md}.
 */
package dev.decor.benchmarks;
