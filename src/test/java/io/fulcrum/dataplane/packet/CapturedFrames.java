package io.fulcrum.dataplane.packet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Frames captured with tcpdump (see capture-frames.sh beside them), stored as hex text with # comments. */
final class CapturedFrames {

    static final String TCP4_SYN = "tcp4-syn";
    static final String TCP4_SYNACK = "tcp4-synack";
    static final String TCP4_DATA = "tcp4-data";
    static final String TCP4_REPLY_DATA = "tcp4-reply-data";
    static final String TCP6_SYN = "tcp6-syn";
    static final String TCP6_SYNACK = "tcp6-synack";
    static final String UDP4 = "udp4";
    static final String UDP6 = "udp6";
    static final String IPV6_HOP_BY_HOP = "ipv6-hop-by-hop-mld";

    private CapturedFrames() {
    }

    static byte[] load(String name) {
        try (InputStream in = CapturedFrames.class.getResourceAsStream(name + ".hex")) {
            if (in == null) {
                throw new IllegalArgumentException("no captured frame " + name);
            }
            return parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] parseHex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            for (String pair : line.trim().split("\\s+")) {
                if (!pair.isEmpty()) {
                    out.write(Integer.parseInt(pair, 16));
                }
            }
        }
        return out.toByteArray();
    }
}
