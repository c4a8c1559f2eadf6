/** Access to the resilience4j retries behind {@link dev.decor.Retry @Retry} methods. API. */
package dev.decor.retry;
