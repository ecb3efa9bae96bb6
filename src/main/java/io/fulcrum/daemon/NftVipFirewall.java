package io.fulcrum.daemon;

import io.fulcrum.config.model.NftablesSettings;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.VipFirewall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The no_accept drop rules through {@code nft} ({@link VrrpNftRules} has the text): a MASTER's addresses are
 * added to the sets when it takes them and deleted when it lets them go; the tables stay (with empty sets) until
 * {@link #close}, at the daemon's exit, deletes them, as keepalived does. An address two instances share stays in
 * its set until both have let it go. Tables a crashed run left behind are deleted by {@link #removeStale} at the
 * start, and again just before a table is made.
 */
final class NftVipFirewall implements VipFirewall, AutoCloseable {

    private final Nft nft;
    private final VrrpNftRules rules;
    private final Set<String> tables = new LinkedHashSet<>();
    private final Set<VrrpNftRules.SetKind> linkLocalSets = EnumSet.noneOf(VrrpNftRules.SetKind.class);
    private final Map<String, List<VrrpNftRules.Element>> byInstance = new HashMap<>();
    private final Map<VrrpNftRules.Element, Integer> users = new HashMap<>();

    NftVipFirewall(String nft, NftablesSettings settings) {
        this.nft = new Nft(nft);
        this.rules = new VrrpNftRules(settings);
    }

    /**
     * The firewall for a configuration's instances: {@link VipFirewall#NONE} when none is no_accept; else this,
     * after deleting stale tables; also {@link VipFirewall#NONE} when {@code nft} is missing, with a log line
     * saying the VIPs will answer.
     */
    static VipFirewall forInstances(List<InstanceSettings> instances, NftablesSettings settings, boolean nftInstalled,
            String nft, Consumer<String> log) {
        List<String> noAccept = instances.stream().filter(VipFirewall::needsDropRule).map(InstanceSettings::name)
                .toList();
        if (noAccept.isEmpty()) {
            return VipFirewall.NONE;
        }
        if (!nftInstalled) {
            log.accept("no_accept/strict specified, but the nft program is missing (install nftables): packets to"
                    + " the VIPs of " + String.join(", ", noAccept) + " will not be dropped");
            return VipFirewall.NONE;
        }
        if (settings.table().isEmpty()) {
            log.accept("use_vmac or no_accept/strict specified, but no firewall configured - using nftables");
        }
        NftVipFirewall firewall = new NftVipFirewall(nft, settings);
        firewall.removeStale();
        return firewall;
    }

    @Override
    public synchronized void addDropRule(InstanceSettings instance) throws IOException {
        removeDropRule(instance); // a second add (no remove between) replaces the first
        List<VrrpNftRules.Element> elements = rules.elements(instance);
        StringBuilder script = new StringBuilder();
        Set<String> newTables = new LinkedHashSet<>();
        Set<VrrpNftRules.SetKind> newSets = EnumSet.noneOf(VrrpNftRules.SetKind.class);
        List<VrrpNftRules.Element> added = new ArrayList<>();
        for (VrrpNftRules.Element e : elements) {
            String family = e.kind().family;
            if (!tables.contains(family) && newTables.add(family)) {
                script.append(rules.createTable(family));
            }
            boolean linkLocal = e.kind() == VrrpNftRules.SetKind.V6_LINK_LOCAL
                    || e.kind() == VrrpNftRules.SetKind.V6_LINK_LOCAL_NAME;
            if (linkLocal && !linkLocalSets.contains(e.kind()) && newSets.add(e.kind())) {
                script.append(rules.createLinkLocalSet(e.kind()));
            }
            if (users.getOrDefault(e, 0) == 0 && !added.contains(e)) {
                added.add(e);
            }
        }
        script.append(rules.elements("add", added));
        if (!script.isEmpty()) {
            nft.script(script.toString());
        }
        tables.addAll(newTables);
        linkLocalSets.addAll(newSets);
        elements.forEach(e -> users.merge(e, 1, Integer::sum));
        byInstance.put(instance.name(), elements);
    }

    @Override
    public synchronized void removeDropRule(InstanceSettings instance) throws IOException {
        List<VrrpNftRules.Element> elements = byInstance.remove(instance.name());
        if (elements == null) {
            return;
        }
        List<VrrpNftRules.Element> gone = new ArrayList<>();
        for (VrrpNftRules.Element e : elements) {
            int left = users.merge(e, -1, Integer::sum);
            if (left <= 0) {
                users.remove(e);
                if (!gone.contains(e)) {
                    gone.add(e);
                }
            }
        }
        if (!gone.isEmpty()) {
            nft.script(rules.elements("delete", gone));
        }
    }

    /** Deletes the tables this run made (and with them every rule); the next run starts clean. */
    @Override
    public synchronized void close() {
        if (tables.isEmpty()) {
            return;
        }
        StringBuilder script = new StringBuilder();
        tables.forEach(f -> script.append(Nft.deleteIfPresent(f, rules.table())));
        tables.clear();
        linkLocalSets.clear();
        byInstance.clear();
        users.clear();
        try {
            nft.script(script.toString());
        } catch (IOException e) {
            // deleted by hand already: nothing of ours is left
        }
    }

    /** Deletes tables of this name a crashed run left behind (no error when there are none). */
    synchronized void removeStale() {
        try {
            nft.script(Nft.deleteIfPresent("ip", rules.table()) + Nft.deleteIfPresent("ip6", rules.table()));
        } catch (IOException e) {
            // nothing to clean, or nftables unusable here: the first rule will say so
        }
    }
}
