package io.fulcrum.config.model;

import java.util.Objects;

/**
 * {@code DNS_CHECK}: a query over UDP; up on a valid answer.
 *
 * @param type [SOA]
 * @param name the queried name ["."]; no empty labels
 */
public record DnsCheck(CheckerOptions options, DnsType type, String name) implements CheckerSpec {

    public DnsCheck {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("DNS_CHECK needs a connection");
        }
        if (!validName(name)) {
            throw new IllegalArgumentException("DNS_CHECK name '" + name + "' has empty label");
        }
    }

    /** keepalived's rule: "." alone, or labels that are not empty (a trailing dot is allowed). */
    public static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        if (name.startsWith(".")) {
            return name.length() == 1;
        }
        return !name.contains("..");
    }

    @Override
    public String keyword() {
        return "DNS_CHECK";
    }
}
