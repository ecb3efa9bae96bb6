package io.fulcrum.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.Family;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.Persistence;
import io.fulcrum.control.IpvsSnapshot.Protocol;
import io.fulcrum.control.IpvsSnapshot.SchedFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpvsSnapshotTest {

    @Test
    void validation() {
        assertThatThrownBy(() -> new FwmarkKey(0, Family.INET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FwmarkKey(1L << 32, Family.INET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AddressKey(Protocol.TCP, IpAddress.parse("1.2.3.4"), 65536))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SchedFlags(8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IpvsSnapshot(0, List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void familiesAndDefaults() {
        assertThat(new AddressKey(Protocol.UDP, IpAddress.parse("::1"), 53).family()).isEqualTo(Family.INET6);
        assertThat(Persistence.none(Family.INET).netmask()).isEqualTo(0xFFFF_FFFFL);
        assertThat(Persistence.none(Family.INET6).netmask()).isEqualTo(128);
        assertThat(Persistence.none(Family.INET).persistent()).isFalse();
        assertThat(IpvsSnapshot.Forwarding.FULLNAT.listed()).isEqualTo("FNAT");
        assertThat(Protocol.SCTP.number()).isEqualTo(132);
    }
}
