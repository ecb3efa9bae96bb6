package io.fulcrum.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which counter each receive verdict, send and state change moves, as keepalived 2.2.7's vrrp_check_packet does. */
class InstanceCountersTest {

    private static VrrpStats after(Verdict.Reason reason) {
        InstanceCounters c = new InstanceCounters("VI_1");
        c.dropped(reason);
        return c.snapshot();
    }

    @Test
    void eachDropReasonMovesItsCounter() {
        Map<Verdict.Reason, VrrpStats> s = new EnumMap<>(Verdict.Reason.class);
        for (Verdict.Reason r : Verdict.Reason.values()) {
            s.put(r, after(r));
        }
        assertThat(s.get(Verdict.Reason.TOO_SHORT).packetLengthErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.TOO_LONG).packetLengthErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.IP_LENGTH_MISMATCH).packetLengthErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.TTL).ttlErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.WRONG_TYPE).invalidType()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.INTERVAL_MISMATCH).intervalErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.WRONG_DESTINATION).addressListErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.AUTH_TYPE_INVALID).invalidAuthType()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.AUTH_TYPE_MISMATCH).authTypeMismatch()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.AH_MISMATCH).authTypeMismatch()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.WRONG_PASSWORD).authFailures()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.AH_NOT_SUPPORTED).authFailures()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.CHECKSUM).checksumErrors()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.WRONG_VERSION).versionErrors()).isEqualTo(1);
        // dropped after keepalived has counted the advert as received
        assertThat(s.get(Verdict.Reason.NOT_A_PEER).advertReceived()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.PEER_TTL).advertReceived()).isEqualTo(1);
        assertThat(s.get(Verdict.Reason.OWNER_IGNORES_ADVERTS).advertReceived()).isEqualTo(1);
        // not this instance's packet at all
        assertThat(s.get(Verdict.Reason.FAMILY)).isEqualTo(new InstanceCounters("VI_1").snapshot());
        assertThat(s.get(Verdict.Reason.VRID_MISMATCH)).isEqualTo(new InstanceCounters("VI_1").snapshot());
        // and each reason moves exactly one counter (or none)
        for (Verdict.Reason r : Verdict.Reason.values()) {
            VrrpStats v = s.get(r);
            long total = v.advertReceived() + v.packetLengthErrors() + v.ttlErrors() + v.invalidType()
                    + v.intervalErrors() + v.addressListErrors() + v.invalidAuthType() + v.authTypeMismatch()
                    + v.authFailures() + v.checksumErrors() + v.versionErrors();
            assertThat(total).as(r.name()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void acceptedAdvertsSentAdvertsAndTransitions() {
        InstanceCounters c = new InstanceCounters("VI_1");
        c.accepted(100, false);
        c.accepted(0, true);
        c.sent(150);
        c.sent(0);
        c.stateChanged(InstanceState.INIT, InstanceState.BACKUP);
        c.stateChanged(InstanceState.BACKUP, InstanceState.MASTER);
        c.stateChanged(InstanceState.MASTER, InstanceState.FAULT);
        c.stateChanged(InstanceState.FAULT, InstanceState.MASTER);
        c.stateChanged(InstanceState.MASTER, InstanceState.STOP);
        assertThat(c.snapshot()).isEqualTo(new VrrpStats("VI_1", 2, 2, 2, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0));
        c.clear();
        assertThat(c.snapshot()).isEqualTo(new VrrpStats("VI_1", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }
}
