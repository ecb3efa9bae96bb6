package io.fulcrum.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** keepalived's TIMER values: seconds with an optional fraction, microsecond resolution. */
final class Durations {

    private Durations() {
    }

    static Optional<Duration> parse(String text) {
        if (text.isEmpty() || text.length() > 20 || !text.matches("[0-9]*(\\.[0-9]*)?") || text.equals(".")) {
            return Optional.empty();
        }
        BigDecimal seconds = new BigDecimal(text.endsWith(".") ? text + "0" : text.startsWith(".") ? "0" + text : text);
        BigDecimal micros = seconds.movePointRight(6).setScale(0, java.math.RoundingMode.HALF_UP);
        if (micros.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1000)) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(micros.longValueExact() * 1000));
    }

    /** Seconds, with a fraction only when there is one: {@code 3}, {@code 0.1}, {@code 2.71828}. */
    static String format(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toNanos() / 1000).movePointLeft(6).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
