package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One address of an interface as rtnetlink reports it (RTM_NEWADDR): for IPv4 the local address (IFA_LOCAL),
 * for IPv6 the address (IFA_ADDRESS unless IFA_LOCAL is present).
 *
 * @param index        the interface index
 * @param address      the address
 * @param prefixLength the prefix length
 * @param label        the IPv4 label (IFA_LABEL, e.g. {@code eth0:vip}); IPv6 addresses have none
 * @param scope        the scope: {@link #SCOPE_UNIVERSE}, {@link #SCOPE_SITE}, {@link #SCOPE_LINK},
 *                     {@link #SCOPE_HOST}, {@link #SCOPE_NOWHERE}
 * @param flags        the IFA_F_* flags (IFA_FLAGS when present, else ifa_flags), see the {@code F_} constants
 */
public record InterfaceAddress(int index, IpAddress address, int prefixLength, Optional<String> label, int scope,
        int flags) {

    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_SITE = 200;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
    public static final int SCOPE_NOWHERE = 255;

    public static final int F_SECONDARY = 0x01;
    public static final int F_NODAD = 0x02;
    public static final int F_DADFAILED = 0x08;
    public static final int F_DEPRECATED = 0x20;
    public static final int F_TENTATIVE = 0x40;
    public static final int F_PERMANENT = 0x80;
    public static final int F_NOPREFIXROUTE = 0x200;

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength + " ifindex " + index + label.map(l -> " label " + l).orElse("")
                + " scope " + scope + " flags 0x" + Integer.toHexString(flags);
    }
}
