/** The only package ajc weaves in the benchmarks: decor's compile-time woven mode. Not API. */
package dev.decor.benchmarks.woven;
