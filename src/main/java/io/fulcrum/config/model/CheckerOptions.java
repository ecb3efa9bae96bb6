package io.fulcrum.config.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The options every checker kind shares (all but FILE_CHECK), each with its effective value: set on the checker,
 * else inherited from its real server (which inherits from the virtual server), else the kind's default.
 *
 * @param connection       where it connects; empty for MISC_CHECK, which runs a program instead
 * @param alpha            starts down until its first success [the real server's alpha, off]
 * @param retry            retries of a failure while up [1; DNS_CHECK 3; MISC_CHECK 0]
 * @param delayBeforeRetry [1 s; HTTP_GET/SSL_GET 3 s; DNS_CHECK = delayLoop]
 * @param warmup           the first check waits a random time up to this [= delayLoop]; 0 disables
 * @param delayLoop        time between checks [60 s]
 * @param logAllFailures   log every failure, not only state changes
 */
public record CheckerOptions(Optional<Connection> connection, boolean alpha, long retry, Duration delayBeforeRetry,
        Duration warmup, Duration delayLoop, boolean logAllFailures) {

    public CheckerOptions {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(delayLoop, "delayLoop");
        if (retry < 0 || retry > 0xffff_ffffL) {
            throw new IllegalArgumentException("retry " + retry + " out of range 0..4294967295");
        }
        if (delayBeforeRetry.isNegative() || warmup.isNegative() || delayLoop.isNegative() || delayLoop.isZero()) {
            throw new IllegalArgumentException("checker times must not be negative; delay_loop must be positive");
        }
    }
}
