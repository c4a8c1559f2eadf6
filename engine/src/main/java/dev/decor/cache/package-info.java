/** Statistics and clearing of {@link dev.decor.Cached @Cached} method caches. API. */
package dev.decor.cache;
