package dev.decor.jcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.Test;

/** What {@link JCacheTier} asks a provider for when it creates a cache (no cluster needed). */
class JCacheTierTest {
  @Test
  void aCacheIsTypedStringToBytesStoredByValueWithStatistics() {
    MutableConfiguration<String, byte[]> config = JCacheTier.configuration(null);

    assertThat(config.getKeyType()).isEqualTo(String.class);
    assertThat(config.getValueType()).isEqualTo(byte[].class);
    assertThat(config.isStoreByValue()).isTrue();
    assertThat(config.isStatisticsEnabled()).isTrue();
  }

  @Test
  void withoutATimeToLiveEntriesNeverExpire() {
    assertThat(expiry(null).getExpiryForCreation()).isEqualTo(javax.cache.expiry.Duration.ETERNAL);
    assertThat(expiry(Duration.ofSeconds(Long.MAX_VALUE)).getExpiryForCreation())
        .isEqualTo(javax.cache.expiry.Duration.ETERNAL);
  }

  @Test
  void aTimeToLiveCountsFromCreationAndIsNotExtendedByReadsOrWrites() {
    ExpiryPolicy policy = expiry(Duration.ofSeconds(90));

    assertThat(policy.getExpiryForCreation()).isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 90_000));
    assertThat(policy.getExpiryForAccess()).isNull();
    assertThat(policy.getExpiryForUpdate()).isNull();
  }

  @Test
  void aSubMillisecondTimeToLiveRoundsUpNotToZeroWhichWouldMeanExpireAtOnce() {
    assertThat(expiry(Duration.ofNanos(1)).getExpiryForCreation())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 1));
    assertThat(expiry(Duration.ofNanos(1_000_001)).getExpiryForCreation())
        .isEqualTo(new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 2));
  }

  @Test
  void aTierNeedsAManager() {
    assertThatNullPointerException().isThrownBy(() -> JCacheTier.of(null)).withMessageContaining("manager");
  }

  private static ExpiryPolicy expiry(Duration ttl) {
    return JCacheTier.configuration(ttl).getExpiryPolicyFactory().create();
  }
}
