package io.fulcrum.ipvs;

import io.fulcrum.common.IpAddress;
import java.util.Comparator;

/**
 * Identity of a virtual service: an address/port/protocol triple or a firewall mark. Ordered as ipvsadm lists:
 * address services by protocol, address, port, then fwmark services by mark (IPv4 before IPv6).
 */
public sealed interface ServiceKey extends Comparable<ServiceKey> {

    Comparator<ServiceKey> ORDER = (a, b) -> switch (a) {
        case Inet x -> switch (b) {
            case Inet y -> {
                int c = x.protocol().compareTo(y.protocol());
                if (c == 0) {
                    c = x.address().compareTo(y.address());
                }
                yield c != 0 ? c : Integer.compare(x.port(), y.port());
            }
            case Fwmark y -> -1;
        };
        case Fwmark x -> switch (b) {
            case Inet y -> 1;
            case Fwmark y -> {
                int c = Integer.compareUnsigned(x.mark(), y.mark());
                yield c != 0 ? c : x.family().compareTo(y.family());
            }
        };
    };

    /** Whether this key is an IPv6 service. */
    boolean isV6();

    @Override
    default int compareTo(ServiceKey o) {
        return ORDER.compare(this, o);
    }

    /** {@code -t|-u|--sctp-service address:port}. Port 0 is the wildcard port of persistent services. */
    record Inet(Protocol protocol, IpAddress address, int port) implements ServiceKey {
        public Inet {
            if (protocol == null || address == null) {
                throw new IllegalArgumentException("protocol and address are required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
        }

        @Override
        public boolean isV6() {
            return address.isV6();
        }

        @Override
        public String toString() {
            return protocol.label() + " " + (address.isV6() ? "[" + address + "]" : address.toString()) + ":" + port;
        }
    }

    /** {@code -f mark [-6]}; the mark is a positive 32-bit value. */
    record Fwmark(int mark, Family family) implements ServiceKey {
        public Fwmark {
            if (mark == 0) {
                throw new IllegalArgumentException("fwmark must be positive");
            }
            if (family == null) {
                throw new IllegalArgumentException("family is required");
            }
        }

        @Override
        public boolean isV6() {
            return family == Family.INET6;
        }

        @Override
        public String toString() {
            return "FWM  " + Integer.toUnsignedString(mark) + (isV6() ? " IPv6" : "");
        }
    }
}
