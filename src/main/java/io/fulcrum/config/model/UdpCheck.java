package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code UDP_CHECK}: sends a datagram; fails on an ICMP error within the timeout, and, with require_reply, unless
 * a reply of the right length (and matching data) comes back.
 *
 * @param payload        data sent [random]
 * @param requireReply   a reply is needed
 * @param replyData      what the reply must start with (x = any nibble); only with requireReply
 * @param minReplyLength 0..65535 [0]
 * @param maxReplyLength 0..65535 [255]
 */
public record UdpCheck(CheckerOptions options, Optional<HexData> payload, boolean requireReply,
        Optional<HexData> replyData, int minReplyLength, int maxReplyLength) implements CheckerSpec {

    public UdpCheck {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(replyData, "replyData");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("UDP_CHECK needs a connection");
        }
        if (payload.filter(HexData::hasWildcards).isPresent()) {
            throw new IllegalArgumentException("Invalid hex string for UDP_CHECK payload");
        }
        if (replyData.isPresent() && !requireReply) {
            throw new IllegalArgumentException("reply data without require_reply");
        }
        if (minReplyLength < 0 || minReplyLength > 65535 || maxReplyLength < 0 || maxReplyLength > 65535) {
            throw new IllegalArgumentException("UDP_CHECK reply lengths must be between 0 & 65535");
        }
    }

    @Override
    public String keyword() {
        return "UDP_CHECK";
    }
}
