package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.T0;
import static io.fulcrum.vrrp.Fixtures.logs;
import static io.fulcrum.vrrp.Fixtures.machine;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.VrrpInstance;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code track_src_ip} and {@code unicast_fault_no_peer}, with keepalived 2.2.7's lines. */
class SourceAndPeersTest {

    private static final TrackedRef SOURCE = TrackedRef.sourceAddress("10.0.0.10");

    /** The source address present (+), gone (-) or unknown (?); the status the instance gets. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            tracked, present              | track_src_ip\\nunicast_src_ip 10.0.0.10 | + | ok
            tracked, gone                 | track_src_ip\\nunicast_src_ip 10.0.0.10 | - | (src address not configured)
            tracked, not known yet        | track_src_ip\\nunicast_src_ip 10.0.0.10 | ? | ok
            mcast_src_ip is the source    | track_src_ip\\nmcast_src_ip 10.0.0.10   | - | (src address not configured)
            not tracked                   | unicast_src_ip 10.0.0.10                | - | ok
            tracked, no configured source | track_src_ip                            | - | ok
            """)
    void trackSrcIp(String what, String body, String present, String status) {
        VrrpInstance i = Fixtures.instance(body.replace("\\n", "\n") + "\n");
        Map<TrackedRef, TrackedValue> values = new HashMap<>(Map.of(TrackedRef.iface("eth0"), TrackedValue.UP));
        if (!present.equals("?")) {
            values.put(SOURCE, TrackedValue.of(present.equals("+")));
        }
        TrackStatus s = Tracking.status(i, values);
        assertThat(s.fault() ? s.reason() : "ok").isEqualTo(status);
    }

    @Test
    void aMissingSourceAtStartIsKeepalivedsInitFault() {
        VrrpMachine m = machine("track_src_ip\nunicast_src_ip 10.0.0.10\n");
        m.track(TrackStatus.faulted(100, "(src address not configured)"), T0);
        assertThat(logs(m.start(T0))).containsExactly("(VI_1): entering FAULT state (src address not configured)",
                "(VI_1) Entering FAULT STATE (init)");
        assertThat(logs(m.track(TrackStatus.ok(100), T0 + MS))).containsExactly("(VI_1) Entering BACKUP STATE");
        assertThat(logs(m.track(TrackStatus.faulted(100, "(src address not configured)"), T0 + 2 * MS)))
                .containsExactly("(VI_1) Entering FAULT STATE");
    }

    @Test
    void unicastFaultNoPeerWithoutPeersIsFaultForGood() {
        VrrpMachine m = machine("unicast_src_ip 10.0.0.10\nunicast_fault_no_peer\n");
        assertThat(logs(m.start(T0))).containsExactly(
                "(VI_1) Cannot use unicast without any peers - going to fault state",
                "(VI_1) Entering FAULT STATE (init)");
        assertThat(m.state()).isEqualTo(InstanceState.FAULT);
        assertThat(m.track(TrackStatus.faulted(100, "(interface eth0 down)"), T0 + MS)).isEmpty();
        assertThat(m.track(TrackStatus.ok(100), T0 + 2 * MS)).isEmpty();
        assertThat(m.state()).isEqualTo(InstanceState.FAULT);
        assertThat(m.ownFault()).as("its sync group stays in FAULT").isTrue();
        assertThat(m.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void unicastFaultNoPeerWithAPeerRunsAsUsual() {
        VrrpMachine m = machine("unicast_src_ip 10.0.0.10\nunicast_fault_no_peer\nunicast_peer {\n10.0.0.11\n}\n");
        assertThat(logs(m.start(T0))).containsExactly("(VI_1) Entering BACKUP STATE (init)");
    }
}
