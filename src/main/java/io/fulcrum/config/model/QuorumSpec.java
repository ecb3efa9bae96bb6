package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A virtual server's quorum: it is up while the weights of its live real servers add up to at least
 * {@code quorum + hysteresis} (when gaining) and until they fall below {@code quorum - hysteresis} (when losing).
 *
 * @param quorum     1..4294967295 [1]; keepalived lowers it to the total real server weight, which makes it 0
 *                   (always up) when every real server has weight 0
 * @param hysteresis 0..quorum-1 [0]; 0 when the quorum is 0
 * @param up         run when quorum is gained
 * @param down       run when quorum is lost
 */
public record QuorumSpec(long quorum, long hysteresis, Optional<ScriptSpec> up, Optional<ScriptSpec> down) {

    public static final long MAX = 0xffff_ffffL;

    public QuorumSpec {
        if (quorum < 0 || quorum > MAX) {
            throw new IllegalArgumentException("quorum " + quorum + " out of range 0.." + MAX);
        }
        if (hysteresis < 0 || hysteresis >= Math.max(quorum, 1)) {
            throw new IllegalArgumentException("hysteresis " + hysteresis + " must be in 0.." + Math.max(quorum - 1, 0));
        }
        Objects.requireNonNull(up, "up");
        Objects.requireNonNull(down, "down");
    }
}
