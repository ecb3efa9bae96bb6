package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.Authentication;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds the adverts an instance sends: its version, VRID, configured interval, advertised addresses and simple
 * password, with the priority of the moment, encoded for one destination with the instance's checksum rule.
 */
final class Adverts {

    private final InstanceSettings settings;
    private final int authType;
    private final byte[] authData;

    Adverts(InstanceSettings settings) {
        this.settings = settings;
        if (settings.version() == 2) {
            this.authType = settings.spec().authentication().map(Adverts::authType).orElse(0);
            this.authData = settings.spec().authentication().map(Adverts::authData)
                    .orElse(new byte[VrrpAdvert.AUTH_DATA_LENGTH]);
        } else {
            this.authType = 0;
            this.authData = new byte[0];
        }
    }

    private static int authType(Authentication a) {
        return switch (a.type()) {
            case PASS -> 1;
            case AH -> 2;
        };
    }

    /** The password as carried: its bytes, zero-padded to 8 (keepalived compares the 8 bytes). */
    static byte[] authData(Authentication a) {
        if (a.type() == AuthType.AH) {
            return new byte[VrrpAdvert.AUTH_DATA_LENGTH];
        }
        return Arrays.copyOf(a.password().getBytes(StandardCharsets.ISO_8859_1), VrrpAdvert.AUTH_DATA_LENGTH);
    }

    /** The advert with {@code priority}, as a value. */
    VrrpAdvert advert(int priority) {
        return new VrrpAdvert(settings.version(), settings.vrid(), priority, authType,
                settings.spec().advertInterval(), settings.advertisedAddresses(), authData);
    }

    /** The advert with {@code priority}, encoded for {@code destination} with the checksum rule {@code mode}. */
    byte[] encode(int priority, IpAddress destination, ChecksumMode mode) {
        return VrrpCodec.encode(advert(priority), settings.primaryAddress(), destination,
                settings.version() == 2 ? ChecksumMode.AS_V2 : mode);
    }
}
