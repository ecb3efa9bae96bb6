package io.fulcrum.lab;

import java.util.Set;

/**
 * A VRRP-only copy of a keepalived.conf for keepalived 2.2.7 as a peer: this kernel has no IPVS, and any
 * {@code virtual_server} block makes keepalived exit, so {@code virtual_server} and {@code virtual_server_group}
 * blocks are left out (everything else is kept, line for line where possible). Comments ({@code #}, {@code !})
 * are ignored when counting braces.
 */
public final class VrrpOnlyConfig {

    private static final Set<String> DROPPED = Set.of("virtual_server", "virtual_server_group");

    private VrrpOnlyConfig() {
    }

    public static String strip(String text) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean skipping = false;
        boolean opened = false;
        for (String line : text.split("\n", -1)) {
            String code = code(line);
            String first = code.strip().split("[\\s{]+", 2)[0];
            if (!skipping && depth == 0 && DROPPED.contains(first)) {
                skipping = true;
                opened = false;
                out.append("# (").append(first).append(" left out: keepalived runs VRRP only in the lab)\n");
            }
            for (char c : code.toCharArray()) {
                if (c == '{') {
                    depth++;
                    opened = true;
                } else if (c == '}') {
                    depth = Math.max(0, depth - 1);
                }
            }
            if (skipping) {
                if (opened && depth == 0) {
                    skipping = false;
                }
                continue;
            }
            out.append(line).append('\n');
        }
        // split adds one empty element after a final newline: do not grow the text by one line
        return text.endsWith("\n") ? out.substring(0, out.length() - 1) : out.toString();
    }

    /** The line without its comment. */
    private static String code(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '#' || c == '!')) {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
