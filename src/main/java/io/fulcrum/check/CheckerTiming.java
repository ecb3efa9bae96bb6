package io.fulcrum.check;

import io.fulcrum.config.model.CheckerOptions;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import java.time.Duration;
import java.util.Objects;

/**
 * When one checker probes, as keepalived schedules it (check_api.c {@code register_checkers_thread}, each kind's
 * epilog, check_data.c {@code validate_check_config}).
 *
 * @param bootstrap        fixed delay before the first probe (keepalived's BOOTSTRAP_DELAY, 1 s)
 * @param warmup           the first probe waits a further random time in [0, warmup]; zero disables
 * @param delayLoop        time from a decided result to the next probe
 * @param delayBeforeRetry time from a failure to its retry
 * @param retry            failures retried before the checker is declared down
 * @param alpha            starts down, until its first success
 * @param logAllFailures   log each failed probe's own line (the checker's log_all_failures, or global
 *                         checker_log_all_failures); otherwise only state changes are logged
 * @param retryWhileDown   retries run while the checker is down too (TCP_CHECK and SMTP_CHECK do; the other kinds
 *                         retry only while up, and probe a down server every delay_loop)
 */
public record CheckerTiming(Duration bootstrap, Duration warmup, Duration delayLoop, Duration delayBeforeRetry,
        long retry, boolean alpha, boolean logAllFailures, boolean retryWhileDown) {

    /** keepalived's BOOTSTRAP_DELAY: every checker's first probe waits at least this long. */
    public static final Duration BOOTSTRAP = Duration.ofSeconds(1);

    /**
     * How often FILE_CHECK reads its track file. keepalived follows the file with inotify and FILE_CHECK has none
     * of the timing options; Fulcrum polls it instead: first at start, then every second, no warmup, no retry
     * (a bad value takes the server down at once, as keepalived does on the file's change).
     */
    public static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(1);

    public CheckerTiming {
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(delayLoop, "delayLoop");
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry");
        if (bootstrap.isNegative() || warmup.isNegative() || delayBeforeRetry.isNegative() || !delayLoop.isPositive()) {
            throw new IllegalArgumentException("checker times must not be negative; delay_loop must be positive");
        }
        if (retry < 0) {
            throw new IllegalArgumentException("retry " + retry + " is negative");
        }
    }

    /**
     * The timing of a configured checker: its effective options (already inherited from real and virtual server),
     * with {@code checkerLogAllFailures} (global_defs) forcing log_all_failures on.
     */
    public static CheckerTiming of(CheckerSpec spec, boolean checkerLogAllFailures) {
        return switch (spec) {
            case TcpCheck c -> of(c.options(), checkerLogAllFailures, true);
            case HttpGet c -> of(c.options(), checkerLogAllFailures, false);
            case SslGet c -> of(c.options(), checkerLogAllFailures, false);
            case SmtpCheck c -> of(c.options(), checkerLogAllFailures, true);
            case DnsCheck c -> of(c.options(), checkerLogAllFailures, false);
            case UdpCheck c -> of(c.options(), checkerLogAllFailures, false);
            case PingCheck c -> of(c.options(), checkerLogAllFailures, false);
            case MiscCheck c -> of(c.options(), checkerLogAllFailures, false);
            case FileCheck f -> new CheckerTiming(Duration.ZERO, Duration.ZERO, FILE_CHECK_INTERVAL,
                    FILE_CHECK_INTERVAL, 0, false, checkerLogAllFailures, false);
        };
    }

    private static CheckerTiming of(CheckerOptions o, boolean logAll, boolean retryWhileDown) {
        return new CheckerTiming(BOOTSTRAP, o.warmup(), o.delayLoop(), o.delayBeforeRetry(), o.retry(), o.alpha(),
                o.logAllFailures() || logAll, retryWhileDown);
    }
}
