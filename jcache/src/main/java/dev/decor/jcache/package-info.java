/**
 * API: {@link dev.decor.jcache.JCacheTier}, the shared tier of {@code @Cached(shared = true)} over
 * any JCache (JSR-107) provider.
 */
package dev.decor.jcache;
