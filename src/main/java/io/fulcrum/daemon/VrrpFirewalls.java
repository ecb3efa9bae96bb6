package io.fulcrum.daemon;

import io.fulcrum.config.model.NftablesSettings;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.VipFirewall;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * The VRRP engine's firewall port across reloads: none until a configuration has a no_accept instance, then the
 * nftables one ({@link NftVipFirewall}) for the rest of the run. Its table name is that of the configuration that
 * made it; a reload cannot change it (keepalived: "Cannot change nftables table name at a reload"). At the
 * start, tables of that name a crashed run left are deleted whether or not an instance is no_accept.
 */
final class VrrpFirewalls implements VipFirewall, AutoCloseable {

    private final boolean nftInstalled;
    private final String nft;
    private final Consumer<String> log;
    private volatile VipFirewall current = VipFirewall.NONE;
    private NftablesSettings settings;

    VrrpFirewalls(boolean nftInstalled, String nft, Consumer<String> log) {
        this.nftInstalled = nftInstalled;
        this.nft = nft;
        this.log = log;
    }

    /** Takes a configuration's instances and settings (at the start and at each reload, before the engine's). */
    synchronized void configure(List<InstanceSettings> instances, NftablesSettings next) {
        if (settings == null && nftInstalled) {
            // at the start: a crashed run's tables go even when no instance is no_accept any more
            new NftVipFirewall(nft, next).removeStale();
        }
        if (current instanceof NftVipFirewall) {
            if (!next.tableName().equals(settings.tableName())) {
                log.accept("Cannot change nftables table name at a reload - please restart fulcrum (the rules stay"
                        + " in table " + settings.tableName() + ")");
            }
            return;
        }
        current = NftVipFirewall.forInstances(instances, next, nftInstalled, nft, log);
        settings = next;
    }

    @Override
    public void addDropRule(InstanceSettings instance) throws IOException {
        current.addDropRule(instance);
    }

    @Override
    public void removeDropRule(InstanceSettings instance) throws IOException {
        current.removeDropRule(instance);
    }

    @Override
    public synchronized void close() {
        if (current instanceof NftVipFirewall n) {
            n.close();
        }
    }
}
