package io.fulcrum.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What sequence of real servers a scheduler should give a client sending one request after another, and whether
 * an observed sequence is it. Pure.
 * <ul>
 *   <li>{@link Kind#ORDERED} (rr, wrr): each round of {@code P = sum(weight / gcd)} requests reaches every live
 *       server weight/gcd times (rr: once), and the rounds repeat in the same order;</li>
 *   <li>{@link Kind#STICKY} (persistence, sh, mh): one client address stays on one server, several addresses
 *       spread over all;</li>
 *   <li>{@link Kind#BY_DESTINATION} (dh, lblc, lblcr): one virtual address goes to one server;</li>
 *   <li>{@link Kind#LEAST} (lc, wlc, sed, nq, twos): sequential requests spread over all servers, order not fixed;</li>
 *   <li>{@link Kind#OTHER} (fo, ovf, anything else): only that requests succeed.</li>
 * </ul>
 */
public final class SchedulerOrder {

    public enum Kind { ORDERED, STICKY, BY_DESTINATION, LEAST, OTHER }

    private SchedulerOrder() {
    }

    public static Kind kind(String scheduler, boolean persistent) {
        String s = scheduler.toLowerCase(Locale.ROOT);
        if (persistent || s.equals("sh") || s.equals("mh")) {
            return Kind.STICKY;
        }
        return switch (s) {
            case "rr", "wrr" -> Kind.ORDERED;
            case "dh", "lblc", "lblcr" -> Kind.BY_DESTINATION;
            case "lc", "wlc", "sed", "nq", "twos" -> Kind.LEAST;
            default -> Kind.OTHER;
        };
    }

    /** The weights one round uses: rr counts every live server once; wrr divides by the weights' gcd. */
    public static Map<String, Integer> roundShares(String scheduler, Map<String, Integer> liveWeights) {
        Map<String, Integer> out = new LinkedHashMap<>();
        boolean rr = scheduler.equalsIgnoreCase("rr");
        int g = 0;
        for (int w : liveWeights.values()) {
            g = gcd(g, w);
        }
        for (Map.Entry<String, Integer> e : liveWeights.entrySet()) {
            out.put(e.getKey(), rr ? 1 : e.getValue() / Math.max(1, g));
        }
        return out;
    }

    /** The length of one round: the sum of the shares. */
    public static int period(Map<String, Integer> shares) {
        return shares.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Checks an ordered sequence (server keys, null for a failed request) of two rounds or more; returns what is
     * wrong, empty when it is right.
     */
    public static List<String> checkOrdered(List<String> seen, Map<String, Integer> shares) {
        List<String> wrong = new ArrayList<>();
        int p = period(shares);
        if (p == 0) {
            wrong.add("no live real server");
            return wrong;
        }
        if (seen.stream().anyMatch(java.util.Objects::isNull)) {
            wrong.add("some requests failed");
        }
        if (seen.size() < 2 * p) {
            wrong.add("fewer than two rounds of requests");
            return wrong;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String s : seen.subList(0, p)) {
            counts.merge(String.valueOf(s), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : shares.entrySet()) {
            int c = counts.getOrDefault(e.getKey(), 0);
            if (c != e.getValue()) {
                wrong.add(e.getKey() + " answered " + c + " time(s) in a round of " + p + ", expected " + e.getValue());
            }
        }
        for (String s : counts.keySet()) {
            if (!shares.containsKey(s)) {
                wrong.add(s + " answered but is not a live real server of the table");
            }
        }
        for (int i = p; i < seen.size(); i++) {
            if (!java.util.Objects.equals(seen.get(i), seen.get(i - p))) {
                wrong.add("request " + (i + 1) + " went to " + seen.get(i) + ", not to " + seen.get(i - p)
                        + " as in the round before: the order does not repeat");
                break;
            }
        }
        return wrong;
    }

    /** Checks sequences per client address: each on one server, together covering {@code live}. */
    public static List<String> checkSticky(Map<String, List<String>> bySource, Set<String> live) {
        List<String> wrong = new ArrayList<>();
        java.util.Set<String> reached = new java.util.LinkedHashSet<>();
        for (Map.Entry<String, List<String>> e : bySource.entrySet()) {
            java.util.Set<String> distinct = new java.util.LinkedHashSet<>(e.getValue());
            if (distinct.contains(null)) {
                wrong.add("requests from " + e.getKey() + " failed");
                distinct.remove(null);
            }
            if (distinct.size() > 1) {
                wrong.add("requests from " + e.getKey() + " reached " + distinct + ": not one server");
            }
            reached.addAll(distinct);
        }
        for (String s : live) {
            if (!reached.contains(s)) {
                wrong.add(s + " was reached from none of the " + bySource.size() + " client addresses");
            }
        }
        return wrong;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? Math.abs(a) : gcd(b, a % b);
    }
}
