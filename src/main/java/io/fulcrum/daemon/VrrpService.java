package io.fulcrum.daemon;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.nativeio.Rtnetlink;
import io.fulcrum.nativeio.VrrpAvailability;
import io.fulcrum.notify.ScriptRunner;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.VrrpEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * VRRP in the running daemon, as keepalived's VRRP process does it: the instances of the configuration run on
 * their own thread ({@link VrrpEngine}); adverts go out and come in through raw sockets ({@link VrrpSockets}),
 * addresses are set through rtnetlink ({@link NetlinkVips}), gratuitous ARPs through packet sockets
 * ({@link PacketGratuitous}), no_accept drop rules through nftables ({@link VrrpFirewalls}), and state changes
 * are told through scripts, the FIFO and e-mail ({@link VrrpNotifications}). Interface state comes from
 * rtnetlink ({@link VrrpTracking}).
 */
final class VrrpService implements AutoCloseable {

    /** How long the shutdown waits for the instances to resign (priority-0 adverts, addresses removed). */
    static final long STOP_WAIT_MILLIS = 3000;
    /** How long a reload waits for the engine's thread to take the new instances. */
    static final long RELOAD_WAIT_SECONDS = 10;

    private final Rtnetlink netlink;
    private final VrrpSockets sockets;
    private final PacketGratuitous gratuitous;
    private final VrrpEngine engine;
    private final VrrpNotifications notifier;
    private final VrrpFirewalls firewall;
    private final AtomicReference<VrrpHost> host;
    private final ScriptRunner scripts;
    private final Consumer<String> log;
    private VrrpTracking tracking;
    private KeepalivedConfig config;
    private volatile List<InstanceSettings> settings;

    private VrrpService(Rtnetlink netlink, VrrpSockets sockets, PacketGratuitous gratuitous, VrrpEngine engine,
            VrrpTracking tracking, VrrpNotifications notifier, VrrpFirewalls firewall, List<InstanceSettings> settings,
            AtomicReference<VrrpHost> host, KeepalivedConfig config, ScriptRunner scripts, Consumer<String> log) {
        this.notifier = notifier;
        this.firewall = firewall;
        this.settings = List.copyOf(settings);
        this.host = host;
        this.config = config;
        this.scripts = scripts;
        this.log = log;
        this.netlink = netlink;
        this.sockets = sockets;
        this.gratuitous = gratuitous;
        this.engine = engine;
        this.tracking = tracking;
    }

    /**
     * Starts the configuration's VRRP instances; empty when it has none.
     *
     * @throws DaemonStartException naming the cause when VRRP cannot run here (no raw sockets, an instance whose
     *                              interface does not exist...) and the way out
     */
    static Optional<VrrpService> start(KeepalivedConfig config, boolean detail, VrrpNotifications notifier,
            ScriptRunner scripts, Consumer<String> log) throws DaemonStartException {
        if (config.vrrpInstances().isEmpty()) {
            return Optional.empty();
        }
        VrrpAvailability available = VrrpAvailability.probe(false);
        if (!available.usable()) {
            throw new DaemonStartException("VRRP cannot run here: " + available.reason() + ". Run as root (or with"
                    + " CAP_NET_RAW and CAP_NET_ADMIN), or start with --check (-C) to run without VRRP");
        }
        Rtnetlink netlink = null;
        VrrpSockets sockets = null;
        try {
            netlink = Rtnetlink.open();
            AtomicReference<VrrpHost> host = new AtomicReference<>(new VrrpHost(netlink.links(),
                    netlink.addresses()));
            VrrpHost.Resolved resolved = host.get().resolve(config);
            if (!resolved.problems().isEmpty()) {
                throw new DaemonStartException("VRRP cannot start: " + String.join("; ", resolved.problems()));
            }
            List<InstanceSettings> settings = resolved.settings();
            sockets = VrrpSockets.open(settings, log);
            PacketGratuitous gratuitous = new PacketGratuitous(host::get, log, detail);
            gratuitous.open(settings);
            VrrpFirewalls firewall = new VrrpFirewalls(Nft.installed(), "nft", log);
            firewall.configure(settings, config.globalDefs().nftables());
            VrrpEngine engine = new VrrpEngine(settings, config.syncGroups(), new VrrpEngine.Ports(sockets,
                    new NetlinkVips(netlink, host::get), gratuitous, notifier, firewall), System::nanoTime, log, detail,
                    config.globalDefs().vrrp().logUnknownVrids());
            VrrpTracking tracking = VrrpTracking.start(config, settings, host, engine, scripts, log,
                    sockets::unbound);
            sockets.startReceiving(engine::receive);
            engine.start();
            log.accept("VRRP: " + settings.size() + " instance(s) started");
            return Optional.of(new VrrpService(netlink, sockets, gratuitous, engine, tracking,
                    notifier, firewall, settings, host, config, scripts, log));
        } catch (IOException e) {
            if (sockets != null) {
                sockets.close();
            }
            closeQuietly(netlink, log);
            throw new DaemonStartException("VRRP cannot start: " + e.getMessage());
        } catch (DaemonStartException | RuntimeException e) {
            if (sockets != null) {
                sockets.close();
            }
            closeQuietly(netlink, log);
            throw e;
        }
    }

    private static void closeQuietly(Rtnetlink netlink, Consumer<String> log) {
        if (netlink != null) {
            try {
                netlink.close();
            } catch (Exception e) {
                log.accept("closing rtnetlink: " + e.getMessage());
            }
        }
    }

    /**
     * A reload's first step: the instances of {@code next} as this host runs them, or why they cannot run (an
     * interface that does not exist, no address to send from). Changes nothing.
     */
    VrrpHost.Resolved resolve(KeepalivedConfig next) {
        return host.get().resolve(next);
    }

    /**
     * A reload's preparation, before anything else changes: opens the sockets and joins the multicast groups the
     * new instances need (those already open are kept; any left unused stay open until the daemon stops).
     *
     * @throws IOException when one cannot be opened: the reload is refused
     */
    void prepare(List<InstanceSettings> nextSettings) throws IOException {
        sockets.ensure(nextSettings);
    }

    /**
     * A reload's VRRP step (on the caller's thread, waiting for the engine), after {@link #prepare}: the trackers
     * retargeted (or restarted when the scripts or files they follow changed),
     * then the engine's reload ({@link VrrpEngine#reload}: unchanged instances keep their state). Returns what
     * changed, one line each.
     */
    List<String> reload(KeepalivedConfig next, List<InstanceSettings> nextSettings) throws IOException {
        List<String> lines = new ArrayList<>();
        // the sockets were opened by prepare; gratuitous ARP sockets of new interfaces open at their first use
        notifier.groups(next.syncGroups());
        firewall.configure(nextSettings, next.globalDefs().nftables());
        if (tracking.canRetarget(next, nextSettings)) {
            tracking.retarget(next, nextSettings);
        } else {
            lines.add("VRRP: the tracked scripts or files changed: tracking restarts (a track_script's value is"
                    + " learnt again at its next run)");
            tracking.close();
            tracking = VrrpTracking.start(next, nextSettings, host, engine, scripts, log, sockets::unbound);
        }
        try {
            lines.addAll(engine.reload(nextSettings, next.syncGroups(), tracking.statuses())
                    .get(RELOAD_WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the VRRP instances were reloaded");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the VRRP engine did not take the reload: " + e);
        }
        this.config = next;
        this.settings = List.copyOf(nextSettings);
        return lines;
    }

    /** The instances' settings, in configuration order. */
    List<InstanceSettings> settings() {
        return settings;
    }

    /** The instances' states, in the same order, for {@code fulcrum status}. */
    List<InstanceStatus> statuses() {
        return engine.statuses();
    }

    /** The instances' counters, in the same order, for the stats and JSON dumps. */
    List<io.fulcrum.vrrp.VrrpStats> stats() {
        return engine.stats();
    }

    /** Zeroes the instances' counters (keepalived's STATS_CLEAR signal). */
    void clearStats() {
        engine.clearStats();
    }

    /** Stops the instances (a MASTER resigns with a priority-0 advert), then the trackers, then the sockets. */
    @Override
    public void close() {
        engine.stop(STOP_WAIT_MILLIS);
        firewall.close();
        tracking.close();
        notifier.awaitStopScripts();
        sockets.close();
        gratuitous.close();
        try {
            netlink.close();
        } catch (Exception e) {
            // nothing left to do with it
        }
    }
}
