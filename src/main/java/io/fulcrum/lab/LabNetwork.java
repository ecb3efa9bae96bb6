package io.fulcrum.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Ethernet segment of namespaces, the host untouched: a bridge {@code br0} in a namespace of its own, and for
 * every host a namespace whose {@code eth0} is one end of a veth pair, the other end enslaved to the bridge.
 * Names start with a per-run prefix ({@code PREFIX-br}, {@code PREFIX-NAME}) so that labs can coexist;
 * {@link #removeStale} deletes what a crashed run of this kind left behind. Closing deletes every namespace
 * (their veth pairs go with them).
 */
public final class LabNetwork implements AutoCloseable {

    private final String prefix;
    private final Netns bridge;
    private final List<Netns> hosts = new ArrayList<>();

    private LabNetwork(String prefix, Netns bridge) {
        this.prefix = prefix;
        this.bridge = bridge;
    }

    /** Creates the bridge namespace {@code PREFIX-br} with {@code br0} up (STP off). */
    public static LabNetwork create(String prefix) throws LabException {
        Objects.requireNonNull(prefix, "prefix");
        Netns br = Netns.create(prefix + "-br");
        try {
            br.ip("link", "add", "br0", "type", "bridge", "stp_state", "0");
            br.ip("link", "set", "br0", "up");
        } catch (LabException e) {
            br.close();
            throw e;
        }
        return new LabNetwork(prefix, br);
    }

    /**
     * Adds the host namespace {@code PREFIX-NAME} with {@code eth0} on the bridge, addressed {@code cidr}
     * (e.g. 10.77.0.11/24), up.
     */
    public Netns host(String name, String cidr) throws LabException {
        Netns ns = Netns.create(prefix + "-" + name);
        hosts.add(ns);
        String port = "p" + hosts.size();
        bridge.ip("link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", ns.name());
        bridge.ip("link", "set", port, "master", "br0", "up");
        ns.ip("addr", "add", cidr, "dev", "eth0");
        ns.ip("link", "set", "eth0", "up");
        return ns;
    }

    public String prefix() {
        return prefix;
    }

    /** Deletes the hosts, then the bridge; every process in them is killed. */
    @Override
    public void close() {
        for (int i = hosts.size() - 1; i >= 0; i--) {
            hosts.get(i).close();
        }
        hosts.clear();
        bridge.close();
    }

    /**
     * Deletes the namespaces named {@code BASE<pid>-...} whose creating process {@code pid} is gone: what an
     * earlier run killed before its clean-up left.
     */
    public static void removeStale(String base) throws LabException {
        for (String line : Commands.run(List.of("ip", "netns", "list")).lines().toList()) {
            String name = line.split("\\s+", 2)[0];
            if (!name.startsWith(base)) {
                continue;
            }
            String rest = name.substring(base.length());
            int dash = rest.indexOf('-');
            if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
                continue;
            }
            long pid = Long.parseLong(rest.substring(0, dash));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            Netns.delete(name);
        }
    }
}
