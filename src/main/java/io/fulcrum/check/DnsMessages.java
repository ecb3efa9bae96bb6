package io.fulcrum.check;

import io.fulcrum.config.model.DnsType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The two DNS messages DNS_CHECK needs, bounds-checked: the query keepalived sends (RFC 1035: one question, class
 * IN, recursion desired) and the header of an answer (all keepalived looks at).
 */
final class DnsMessages {

    /** The fixed header of a DNS message. */
    record Header(int id, int flags, int questions, int answers, int authorities, int additionals) {
        boolean isResponse() {
            return (flags & 0x8000) != 0;
        }

        int rcode() {
            return flags & 0x000f;
        }
    }

    static final int HEADER_LENGTH = 12;
    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 255;

    private DnsMessages() {
    }

    /**
     * The query for {@code name} (keepalived's form: "." is the root; a trailing dot is allowed). Throws
     * IllegalArgumentException for a label over 63 bytes, an empty label or a name over 255 bytes.
     */
    static byte[] query(int id, String name, DnsType type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER_LENGTH + name.length() + 6);
        put16(out, id);
        put16(out, 0x0100); // RD
        put16(out, 1);
        put16(out, 0);
        put16(out, 0);
        put16(out, 0);
        out.writeBytes(qname(name));
        put16(out, type.code());
        put16(out, 1); // IN
        return out.toByteArray();
    }

    static byte[] qname(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 2);
        if (!name.equals(".")) {
            String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
            for (String label : trimmed.split("\\.", -1)) {
                byte[] b = label.getBytes(StandardCharsets.UTF_8);
                if (b.length == 0 || b.length > MAX_LABEL) {
                    throw new IllegalArgumentException("DNS_CHECK name '" + name + "' has a label of " + b.length
                            + " bytes (1..63)");
                }
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
        if (out.size() > MAX_NAME) {
            throw new IllegalArgumentException("DNS_CHECK name '" + name + "' is longer than 255 bytes");
        }
        return out.toByteArray();
    }

    /** The header of a received message; empty when it is shorter than a header. */
    static Optional<Header> header(byte[] buf, int length) {
        if (length < HEADER_LENGTH || buf.length < length) {
            return Optional.empty();
        }
        return Optional.of(new Header(get16(buf, 0), get16(buf, 2), get16(buf, 4), get16(buf, 6), get16(buf, 8),
                get16(buf, 10)));
    }

    private static void put16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static int get16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
