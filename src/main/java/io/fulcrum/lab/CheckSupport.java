package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the checks share: the lab, the narrator, and reading tables and sending requests as evidence. */
final class CheckSupport {

    private final Lab lab;
    private final Narrator narrator;

    CheckSupport(Lab lab, Narrator narrator) {
        this.lab = lab;
        this.narrator = narrator;
    }

    Lab lab() {
        return lab;
    }

    Narrator narrator() {
        return narrator;
    }

    /** A check's record: what it saw (also told to the narrator as it comes) and what is wrong. */
    Evidence evidence() {
        return new Evidence(narrator);
    }

    static String describeHolders(List<LabPlan.Director> holders) {
        if (holders.isEmpty()) {
            return "no director holds the VIP";
        }
        return "the VIP is on the " + String.join(" and the ", holders.stream().map(LabPlan.Director::role).toList())
                + " director" + (holders.size() > 1 ? "s" : "");
    }

    ClusterSpec.Service service() throws LabException {
        return lab.plan().checkedService().orElseThrow(() -> new LabException(
                "the configurations have no TCP virtual_server (address and port) to send requests to"));
    }

    LabPlan.Director holder() throws LabException {
        List<LabPlan.Director> h = lab.holders();
        if (h.size() != 1) {
            throw new LabException(describeHolders(h) + ": 'fulcrum lab status' shows the lab");
        }
        return h.getFirst();
    }

    /** The holder now, or the master when none (for showing a table). */
    LabPlan.Director currentHolder() throws LabException {
        return lab.holder().orElse(lab.plan().master());
    }

    IpAddress clientAddress() {
        return lab.clientAddress();
    }

    /** The live real servers (weight above 0) of {@code s} on {@code d}'s table, recorded as evidence. */
    Map<String, Integer> live(LabPlan.Director d, ClusterSpec.Service s, Evidence r, String caption)
            throws LabException {
        String listing = lab.table(d);
        r.see(caption + ":");
        for (String line : IpvsTable.excerpt(listing, s.protocol(), s.endpoint()).lines().toList()) {
            r.see("    " + line);
        }
        return liveOf(listing, s);
    }

    Map<String, Integer> liveNow(ClusterSpec.Service s) throws LabException {
        return liveOf(lab.table(currentHolder()), s);
    }

    /** The live real servers of {@code s} on {@code d}'s table, not recorded. */
    Map<String, Integer> liveOn(LabPlan.Director d, ClusterSpec.Service s) throws LabException {
        return liveOf(lab.table(d), s);
    }

    private static Map<String, Integer> liveOf(String listing, ClusterSpec.Service s) {
        Map<String, Integer> live = new LinkedHashMap<>();
        IpvsTable.destinations(listing, s.protocol(), s.endpoint()).orElse(List.of()).stream()
                .filter(x -> x.weight() > 0).forEach(x -> live.put(x.address(), x.weight()));
        return live;
    }

    /** {@code n} requests from {@code source}: the address of the server behind each (null when it failed). */
    List<String> sequence(ClusterSpec.Service s, IpAddress source, int n, Evidence r) throws LabException {
        List<String> keys = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Lab.Response resp = lab.request(s, source);
            keys.add(resp.ok() ? resp.server().map(x -> x.address().toString()).orElse(resp.body()) : null);
            labels.add(resp.label());
        }
        r.see("from " + source + ": " + String.join(", ", labels));
        return keys;
    }

    String label(String key) {
        return lab.plan().server(IpAddress.parse(key)).map(x -> x.name() + " (" + key + ")").orElse(key);
    }
}
