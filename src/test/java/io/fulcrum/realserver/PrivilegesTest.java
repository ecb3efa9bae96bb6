package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivilegesTest {

    private static String status(String capEff) {
        return "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nCapInh:\t0000000000000000\nCapEff:\t" + capEff
                + "\nCapBnd:\t000001ffffffffff\n";
    }

    @Test
    void rootHasEverything() {
        assertThat(Privileges.missing(status("000001ffffffffff"), true)).isEmpty();
    }

    @Test
    void withoutCapabilitiesTheMessageSaysWhatIsNeeded() {
        assertThat(Privileges.missing(status("0000000000000000"), false)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("needs root, or CAP_NET_ADMIN (to add the VIP and set the net.ipv4.conf sysctls)")
                .doesNotContain("CAP_NET_RAW"));
        assertThat(Privileges.missing(status("0000000000000000"), true)).hasValueSatisfying(m -> assertThat(m)
                .contains("CAP_NET_ADMIN").contains(" and CAP_NET_RAW (for the raw IPIP socket of --decap)"));
    }

    @Test
    void eachCapabilityIsItsBit() {
        String netAdmin = Long.toHexString(1L << Privileges.CAP_NET_ADMIN);
        assertThat(Privileges.missing(status(netAdmin), false)).isEmpty();
        assertThat(Privileges.missing(status(netAdmin), true)).hasValueSatisfying(m -> assertThat(m)
                .contains("CAP_NET_RAW").doesNotContain("CAP_NET_ADMIN"));
        assertThat(Privileges.missing(status("3000"), true)).isEmpty();
    }

    @Test
    void anUnreadableStatusBlocksNothing() {
        assertThat(Privileges.missing("Name:\tjava\n", true)).isEmpty();
        assertThat(Privileges.missing(status("zz"), true)).isEmpty();
    }
}
