package io.fulcrum.vrrp;

import java.util.Objects;

/**
 * A VRRP message or the IPv4 datagram around it is malformed: {@link #reason()} says which structural rule it
 * breaks, the message gives the numbers. Thrown by {@link VrrpCodec#decode} and {@link Ipv4Datagrams#parse};
 * never an index error or a null.
 */
public final class VrrpFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which structural rule the input breaks. */
    public enum Reason {
        /** Fewer bytes than the fixed header needs. */
        TOO_SHORT,
        /** The VRRP version nibble is neither 2 nor 3. */
        BAD_VERSION,
        /** The VRRP type nibble is not 1 (advertisement). */
        BAD_TYPE,
        /** The address count needs more bytes than the message has. */
        COUNT_LENGTH_MISMATCH,
        /** The address family does not fit the version (VRRPv2 carries IPv4 addresses only). */
        FAMILY,
        /** The IP version nibble is not 4. */
        BAD_IP_VERSION,
        /** The IPv4 header length is below 20 bytes or beyond the datagram. */
        BAD_IP_HEADER_LENGTH,
        /** The IPv4 total length is smaller than the headers. */
        BAD_IP_TOTAL_LENGTH,
        /** The IP protocol is neither 112 (VRRP) nor 51 (AH). */
        BAD_PROTOCOL,
        /** An AH header that is truncated or does not carry VRRP (next header 112). */
        BAD_AH
    }

    private final Reason reason;

    public VrrpFormatException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
