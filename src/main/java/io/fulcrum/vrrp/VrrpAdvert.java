package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP advertisement as carried on the wire (RFC 3768 version 2, RFC 5798 version 3), decoded or to be
 * encoded by {@link VrrpCodec}. The checksum is not part of the value: the codec computes and verifies it.
 *
 * @param version   2 or 3
 * @param vrid      virtual router id 1..255
 * @param priority  0..255 (0 = the master resigns, 255 = address owner)
 * @param authType  v2 authentication type (0 none, 1 simple password, 2 AH); always 0 for v3
 * @param interval  v2: whole seconds 1..255 (0 is carried as received); v3: centiseconds 0..4095
 * @param addresses the virtual addresses, all of one family
 * @param authData  v2 authentication data, exactly 8 bytes (zeros without a password); empty for v3
 */
public record VrrpAdvert(int version, int vrid, int priority, int authType, Duration interval,
        List<IpAddress> addresses, byte[] authData) {

    public static final int TYPE_ADVERTISEMENT = 1;
    public static final int AUTH_DATA_LENGTH = 8;

    public VrrpAdvert {
        Objects.requireNonNull(interval, "interval");
        addresses = List.copyOf(addresses);
        authData = authData.clone();
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("VRRP version must be 2 or 3, not " + version);
        }
        if (vrid < 0 || vrid > 255 || priority < 0 || priority > 255 || authType < 0 || authType > 255) {
            throw new IllegalArgumentException("vrid, priority and auth type are 8-bit values");
        }
        if (addresses.size() > 255) {
            throw new IllegalArgumentException("at most 255 addresses fit in an advert");
        }
        if (version == 2 && authData.length != AUTH_DATA_LENGTH) {
            throw new IllegalArgumentException("VRRPv2 authentication data is 8 bytes");
        }
        if (version == 3 && (authData.length != 0 || authType != 0)) {
            throw new IllegalArgumentException("VRRPv3 has no authentication");
        }
    }

    @Override
    public byte[] authData() {
        return authData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrrpAdvert a && version == a.version && vrid == a.vrid && priority == a.priority
                && authType == a.authType && interval.equals(a.interval) && addresses.equals(a.addresses)
                && Arrays.equals(authData, a.authData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, vrid, priority, authType, interval, addresses, Arrays.hashCode(authData));
    }

    @Override
    public String toString() {
        return "VrrpAdvert[v" + version + " vrid " + vrid + " prio " + priority + " auth " + authType + " int "
                + interval.toMillis() + "ms " + addresses + "]";
    }
}
