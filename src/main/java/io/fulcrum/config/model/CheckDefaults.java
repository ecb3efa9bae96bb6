package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checker settings a virtual server passes to its real servers, and a real server to its checkers. On a real
 * server every value is already inherited from its virtual server where the real server does not set it.
 * {@code retry}, {@code delayBeforeRetry} and {@code warmup} stay empty when neither sets them: each checker then
 * uses its own kind's default (retry 1, 3 for DNS_CHECK, 0 for MISC_CHECK; delay_before_retry 1 s, 3 s for
 * HTTP_GET/SSL_GET, delay_loop for DNS_CHECK; warmup = delay_loop).
 *
 * @param delayLoop        time between checks [60 s]
 * @param connectTimeout   connection timeout of checkers [5 s]
 * @param retry            retries of a failing checker that is up
 * @param delayBeforeRetry delay between those retries
 * @param warmup           the first check starts after a random delay up to this; 0 disables
 * @param alpha            start real servers down until their first successful check
 * @param inhibitOnFailure a failed real server gets weight 0 instead of being removed
 */
public record CheckDefaults(Duration delayLoop, Duration connectTimeout, OptionalLong retry,
        Optional<Duration> delayBeforeRetry, Optional<Duration> warmup, boolean alpha, boolean inhibitOnFailure) {

    public CheckDefaults {
        Objects.requireNonNull(delayLoop, "delayLoop");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        Objects.requireNonNull(warmup, "warmup");
        if (delayLoop.isNegative() || delayLoop.isZero() || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("delay_loop and connect_timeout must be positive");
        }
        if (retry.isPresent() && (retry.getAsLong() < 0 || retry.getAsLong() > 0xffff_ffffL)) {
            throw new IllegalArgumentException("retry " + retry.getAsLong() + " out of range");
        }
        if (delayBeforeRetry.filter(Duration::isNegative).isPresent() || warmup.filter(Duration::isNegative).isPresent()) {
            throw new IllegalArgumentException("delay_before_retry and warmup cannot be negative");
        }
    }
}
