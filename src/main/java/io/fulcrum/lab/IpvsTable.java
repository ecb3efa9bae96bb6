package io.fulcrum.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The part of {@code ipvsadm -Ln} output the checks read: for one virtual service, its real servers with their
 * forwarding method and weight.
 */
public final class IpvsTable {

    /** A real server line: {@code -> ADDR:PORT Forward Weight ActiveConn InActConn}. */
    public record Destination(String address, int port, String forward, int weight) {
        public String endpoint() {
            return address + ":" + port;
        }
    }

    private IpvsTable() {
    }

    /**
     * The real servers listed under service {@code PROTO vip:port} in {@code listing}; empty when the service is
     * not in it.
     */
    public static Optional<List<Destination>> destinations(String listing, String protocol, LabEndpoint service) {
        String head = protocol.toUpperCase(java.util.Locale.ROOT) + " " + service;
        List<Destination> out = null;
        for (String line : listing.lines().toList()) {
            if (out == null) {
                String[] w = line.strip().split("\\s+");
                if (w.length >= 2 && (w[0] + " " + w[1]).equals(head)) {
                    out = new ArrayList<>();
                }
                continue;
            }
            String s = line.strip();
            if (!s.startsWith("->")) {
                break;
            }
            String[] w = s.substring(2).strip().split("\\s+");
            if (w.length < 3 || w[0].equals("RemoteAddress:Port")) {
                continue;
            }
            int colon = w[0].lastIndexOf(':');
            if (colon <= 0) {
                continue;
            }
            try {
                out.add(new Destination(w[0].substring(0, colon), Integer.parseInt(w[0].substring(colon + 1)), w[1],
                        Integer.parseInt(w[2])));
            } catch (NumberFormatException e) {
                // not a destination line
            }
        }
        return Optional.ofNullable(out).map(List::copyOf);
    }

    /** The lines of {@code listing} that describe service {@code PROTO vip:port}, header included. */
    public static String excerpt(String listing, String protocol, LabEndpoint service) {
        String head = protocol.toUpperCase(java.util.Locale.ROOT) + " " + service;
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : listing.lines().toList()) {
            String[] w = line.strip().split("\\s+");
            boolean isService = !line.strip().startsWith("->") && w.length >= 2 && !line.startsWith("IP Virtual")
                    && !line.startsWith("Prot");
            if (isService) {
                in = (w[0] + " " + w[1]).equals(head);
            }
            if (in) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
