package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * keepalived's start-up decisions before any check has run: alpha real servers, inhibit_on_failure, quorum and
 * the sorry server.
 */
class TableLoaderStartupTest {

    /** A TCP virtual server 10.0.0.1:80 (rr, DR) around {@code body}. */
    private static TableFixtures.Loaded vs(String body) {
        return TableFixtures.load("virtual_server 10.0.0.1 80 {\n    protocol TCP\n    lvs_sched rr\n"
                + "    lvs_method DR\n" + body + "}\n");
    }

    private static final String ALPHA_CHECK = "        TCP_CHECK {\n            alpha\n        }\n";

    @Test
    void alphaCheckersKeepTheirServerOutOrAtWeightZeroWithInhibit() {
        TableFixtures.Loaded l = vs("    real_server 10.0.1.1 80 {\n" + ALPHA_CHECK + "    }\n"
                + "    real_server 10.0.1.2 80 {\n        inhibit_on_failure\n" + ALPHA_CHECK + "    }\n"
                + "    real_server 10.0.1.3 80 {\n        alpha\n    }\n"
                + "    real_server 10.0.1.4 80 {\n        weight 3\n        TCP_CHECK {\n        }\n    }\n");
        assertThat(l.lines()).containsExactly(
                "TCP 10.0.0.1:80 rr -> 10.0.1.2:80 Route 0 -> 10.0.1.3:80 Route 1 -> 10.0.1.4:80 Route 3");
        assertThat(l.body()).containsExactly(
                "VS [10.0.0.1]:tcp:80 added (rr)",
                "Adding service [10.0.1.2]:tcp:80 to VS [10.0.0.1]:tcp:80 with weight 0 (inhibit_on_failure)",
                "Adding service [10.0.1.3]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Adding service [10.0.1.4]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Gained quorum 1+0=1 <= 4 for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void inhibitOnFailureAloneChangesNothingAtStart() {
        TableFixtures.Loaded l = vs("    inhibit_on_failure\n    real_server 10.0.1.1 80 {\n        weight 5\n"
                + "        TCP_CHECK {\n        }\n    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 5");
    }

    @Test
    void everyServerAlphaWithASorryServerStartsWithQuorumDown() {
        TableFixtures.Loaded l = vs("    sorry_server 10.0.9.9 80\n    real_server 10.0.1.1 80 {\n" + ALPHA_CHECK
                + "    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.9.9:80 Route 1");
        assertThat(l.body()).endsWith("VS [10.0.0.1]:tcp:80 added (rr)",
                "Starting with quorum down 1-0=1 > 0 for VS [10.0.0.1]:tcp:80",
                "Adding sorry server [10.0.9.9]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Removing alive servers from the pool for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void quorumLostAtStartTakesUpServersOutOrToWeightZero() {
        TableFixtures.Loaded l = vs("    quorum 3\n    sorry_server 10.0.9.9 8080\n    sorry_server_lvs_method NAT\n"
                + "    real_server 10.0.1.1 80 {\n        inhibit_on_failure\n    }\n"
                + "    real_server 10.0.1.2 80 {\n    }\n"
                + "    real_server 10.0.1.3 80 {\n" + ALPHA_CHECK + "    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 0 -> 10.0.9.9:8080 Masq 1");
        // keepalived puts the live servers in first, then takes them out (or to weight 0) when quorum is down
        assertThat(l.body()).endsWith("VS [10.0.0.1]:tcp:80 added (rr)",
                "Adding service [10.0.1.1]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Adding service [10.0.1.2]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Starting with quorum down 3-0=3 > 2 for VS [10.0.0.1]:tcp:80",
                "Adding sorry server [10.0.9.9]:tcp:8080 to VS [10.0.0.1]:tcp:80",
                "Removing alive servers from the pool for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void withoutSorryServerAServerlessStartIsOnlySaid() {
        TableFixtures.Loaded l = vs("    real_server 10.0.1.1 80 {\n" + ALPHA_CHECK + "    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr");
        assertThat(l.body()).containsExactly("VS [10.0.0.1]:tcp:80 added (rr)");
        assertThat(l.checkers()).containsExactly(
                "Activating healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void sorryServerInhibitIsInAtWeightZeroWhileQuorumHolds() {
        TableFixtures.Loaded l = vs("    sorry_server 10.0.9.9 80\n    sorry_server_inhibit\n"
                + "    real_server 10.0.1.1 80 {\n    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 1 -> 10.0.9.9:80 Route 0");
        assertThat(l.body()).endsWith("Gained quorum 1+0=1 <= 1 for VS [10.0.0.1]:tcp:80",
                "Adding sorry server [10.0.9.9]:tcp:80 to VS [10.0.0.1]:tcp:80 with weight 0 (sorry_server_inhibit)");
    }

    @Test
    void anInhibitedSorryServerThatIsAlsoARealServerIsNotAddedTwice() {
        TableFixtures.Loaded l = vs("    sorry_server 10.0.1.1 80\n    sorry_server_inhibit\n"
                + "    real_server 10.0.1.1 80 {\n        inhibit_on_failure\n    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.1.1:80 Route 1");
        assertThat(l.body()).endsWith("Adding service [10.0.1.1]:tcp:80 to VS [10.0.0.1]:tcp:80",
                "Gained quorum 1+0=1 <= 1 for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void everyWeightZeroMeansQuorumZeroWhichKeepalivedCountsAsLost() {
        TableFixtures.Loaded l = vs("    sorry_server 10.0.9.9 80\n    real_server 10.0.1.1 80 {\n        weight 0\n"
                + "    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.9.9:80 Route 1");
        assertThat(l.body()).contains("Starting with quorum down 0-0=0 > 0 for VS [10.0.0.1]:tcp:80");
    }

    @Test
    void hysteresisRaisesTheThresholdToGain() {
        TableFixtures.Loaded l = vs("    quorum 2\n    hysteresis 1\n    sorry_server 10.0.9.9 80\n"
                + "    real_server 10.0.1.1 80 {\n        weight 2\n    }\n"
                + "    real_server 10.0.1.2 80 {\n        weight 2\n" + ALPHA_CHECK + "    }\n");
        assertThat(l.lines()).containsExactly("TCP 10.0.0.1:80 rr -> 10.0.9.9:80 Route 1");
        assertThat(l.body()).contains("Starting with quorum down 2-1=3 > 2 for VS [10.0.0.1]:tcp:80");
    }
}
