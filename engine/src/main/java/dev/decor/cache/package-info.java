/**
 * The {@code @Cached} wing. API: {@link dev.decor.cache.Caches} and
 * {@link dev.decor.cache.CacheStats} (statistics and clearing of {@link dev.decor.Cached @Cached}
 * method caches), the shared tier's SPI {@link dev.decor.cache.SharedTier} and
 * {@link dev.decor.cache.ValueCodec}. Engine-facing (composed by the assembly, not for application
 * code): {@code CachedDecorator}, {@code CacheRegistry}; on the surface generated code calls,
 * {@code CacheKey}, which a generated wrapper's key class of a cached method extends. Package-private: the per-method Caffeine
 * cache, key building and digests, the shared tier's keys, codecs and client.
 */
package dev.decor.cache;
