package dev.decor.breaker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * The engine's clock as the {@link Clock} resilience4j's breaker reads: its instants are the
 * engine's nanoseconds counted from the epoch, so they mean nothing as dates but order and
 * subtract correctly — all a breaker does with them (how long it has been open). A test that moves
 * its engine's clock moves every breaker on it. Thread-safe if the supplier is.
 */
final class EngineClock extends Clock {
  private final LongSupplier nanoTime;

  EngineClock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public Instant instant() {
    return Instant.EPOCH.plusNanos(nanoTime.getAsLong());
  }

  @Override
  public long millis() {
    return Math.floorDiv(nanoTime.getAsLong(), 1_000_000L);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this; // instants only: the zone is never read
  }
}
