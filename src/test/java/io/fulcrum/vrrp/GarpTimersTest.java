package io.fulcrum.vrrp;

import static io.fulcrum.vrrp.Fixtures.HIGHER_IP;
import static io.fulcrum.vrrp.Fixtures.MS;
import static io.fulcrum.vrrp.Fixtures.S;
import static io.fulcrum.vrrp.Fixtures.advert;
import static io.fulcrum.vrrp.Fixtures.garp;
import static io.fulcrum.vrrp.Fixtures.master;
import static io.fulcrum.vrrp.Fixtures.v2;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gratuitous ARP bursts of a MASTER: the second burst (garp_master_delay) and the refresh (garp_master_refresh). */
class GarpTimersTest {

    /** Runs the timers up to {@code until} (inclusive) and returns the GARP actions with their times. */
    private static List<String> garpsUntil(VrrpMachine m, long start, long until) {
        List<String> seen = new ArrayList<>();
        while (m.nextDeadline() <= until) {
            long t = m.nextDeadline();
            for (VrrpAction a : m.timer(t)) {
                if (a instanceof VrrpAction.SendGratuitous g) {
                    seen.add((t - start) / MS + "ms " + g.repeat() + " " + g.reason());
                }
            }
        }
        return seen;
    }

    private static long takeover(VrrpMachine m) {
        return m.status().transitions().getLast().atNanos();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            defaults: 5 now, 5 after 5 s   | ''                                              | 5000ms 5 delayed
            garp_master_delay 2            | garp_master_delay 2                             | 2000ms 5 delayed
            garp_master_repeat 3           | garp_master_repeat 3                            | 5000ms 3 delayed
            no second burst                | garp_master_delay 0                             | ''
            """)
    void theSecondBurst(String what, String body, String expected) {
        VrrpMachine m = master(body + "\n");
        long t = takeover(m);
        List<String> seen = garpsUntil(m, t, t + 12 * S);
        assertThat(seen).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @Test
    void theRefreshRepeatsEveryPeriod() {
        VrrpMachine m = master("garp_master_delay 0\ngarp_master_refresh 4\ngarp_master_refresh_repeat 2\n");
        long t = takeover(m);
        assertThat(garpsUntil(m, t, t + 12 * S)).containsExactly("4000ms 2 refresh", "8000ms 2 refresh",
                "12000ms 2 refresh");
    }

    @Test
    void theFirstBurstFollowsTheRepeatCount() {
        VrrpMachine m = Fixtures.backup("garp_master_repeat 2\n");
        assertThat(m.timer(m.nextDeadline())).contains(garp(2, "master"));
    }

    @Test
    void leavingMasterCancelsPendingBursts() {
        VrrpMachine m = master("garp_master_refresh 2\n");
        long t = takeover(m);
        m.advert(v2(200), HIGHER_IP, t + 500 * MS);
        assertThat(m.state()).isEqualTo(InstanceState.BACKUP);
        m.advert(v2(200), HIGHER_IP, t + 1500 * MS);
        assertThat(m.nextDeadline()).as("only the master-down timer remains").isEqualTo(t + 1500 * MS + 3_609_375_000L);
    }

    @Test
    void theAdvertsGoOnBetweenBursts() {
        VrrpMachine m = master("garp_master_delay 2\n");
        long t = takeover(m);
        assertThat(m.timer(t + S)).containsExactly(advert(100));
        assertThat(m.timer(t + 2 * S)).containsExactly(advert(100), garp(5, "delayed"));
    }
}
