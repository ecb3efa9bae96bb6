package io.fulcrum.config;

import io.fulcrum.config.model.RunAs;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Readers the VRRP and global grammars share on top of {@link Args}: keepalived's bare flags (no value accepted),
 * its {@code [<BOOL>]} flags, {@code USER [GROUP]} pairs, and whole seconds as durations.
 */
final class Readers {

    private Readers() {
    }

    /** A keyword that takes no value (keepalived ignores anything after it): extra words are a warning. */
    static boolean set(Args a) {
        a.arity(0, 0);
        return true;
    }

    /** {@code keyword [<BOOL>]}: absent means true. */
    static Optional<Boolean> bool(Args a) {
        return a.flag();
    }

    /** Whole seconds in [min, max], as a duration. */
    static Optional<Duration> seconds(Args a, int i, long min, long max) {
        OptionalLong v = a.integer(i, min, max);
        return v.isPresent() ? Optional.of(Duration.ofSeconds(v.getAsLong())) : Optional.empty();
    }

    /** A repeat count where keepalived accepts 0 for compatibility but uses 1 (with its warning). */
    static OptionalInt atLeastOne(Args a, int i, String what) {
        OptionalLong v = a.integer(i, 0, 0xFFFF_FFFFL);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() == 0) {
            a.warning(what + " must be greater than 0, setting to 1");
            return OptionalInt.of(1);
        }
        return OptionalInt.of((int) Math.min(v.getAsLong(), Integer.MAX_VALUE));
    }
}
