package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.LvsSyncDaemon;
import io.fulcrum.config.model.StaticAddress;
import io.fulcrum.config.model.StaticRoute;
import io.fulcrum.config.model.StaticRule;
import io.fulcrum.config.model.TrackGroup;
import io.fulcrum.config.model.Tracked;
import io.fulcrum.config.model.Trackers;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpState;
import io.fulcrum.config.model.VrrpSyncGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The finisher of the VRRP side (keepalived's {@code vrrp_complete_init}): once everything is read it completes
 * the instances, checks duplicate VRIDs, resolves sync groups and their trackers, track groups, and the static
 * entries' defaults and references. One per read, held in the configuration's finishers.
 */
final class VrrpCompletion implements Runnable {

    /** A track_group as read. */
    record PendingTrackGroup(Args at, String name, List<Token> members) {
    }

    /** The static lists whose entries may name a track_group. */
    enum StaticList {
        ADDRESSES, ROUTES, RULES
    }

    /** A static entry naming a track_group: where, which group, which list and index. */
    record StaticRef(Args at, String group, StaticList list, int index) {
    }

    private final ConfigBuilder cfg;
    final List<VrrpInstanceBuilder> instances = new ArrayList<>();
    final List<SyncGroupBuilder> groups = new ArrayList<>();
    final List<PendingTrackGroup> trackGroups = new ArrayList<>();
    final List<StaticRef> staticRefs = new ArrayList<>();

    private VrrpCompletion(ConfigBuilder cfg) {
        this.cfg = cfg;
    }

    static VrrpCompletion of(ConfigBuilder cfg) {
        for (Runnable r : cfg.finishers) {
            if (r instanceof VrrpCompletion v) {
                return v;
            }
        }
        VrrpCompletion v = new VrrpCompletion(cfg);
        cfg.finishers.add(v);
        return v;
    }

    @Override
    public void run() {
        GlobalDefs g = GlobalDefsBuilder.effective(cfg);
        List<VrrpInstanceBuilder> live = new ArrayList<>();
        for (VrrpInstanceBuilder b : instances) {
            if (VrrpInstanceCompletion.viable(b, g)) {
                live.add(b);
            }
        }
        live = withoutDuplicateVrids(live, g);
        Map<String, SyncGroupBuilder> groupOf = new HashMap<>();
        Map<SyncGroupBuilder, List<String>> members = membership(live, groupOf);
        Map<String, VrrpInstance> done = new LinkedHashMap<>();
        for (VrrpInstanceBuilder b : live) {
            try {
                done.put(b.name, VrrpInstanceCompletion.complete(b, g, Optional.ofNullable(groupOf.get(b.name)), cfg));
            } catch (IllegalArgumentException e) {
                b.at.error(b.label + " " + e.getMessage() + " - ignoring instance");
            }
        }
        cfg.vrrpInstances.addAll(done.values());
        for (SyncGroupBuilder s : groups) {
            syncGroup(s, members.getOrDefault(s, List.of()), done, g).ifPresent(cfg.syncGroups::add);
        }
        Set<String> groupNames = trackGroups(done);
        staticEntries(g, groupNames);
        syncDaemon(done);
    }

    /**
     * lvs_sync_daemon following an instance: the instance must exist, and the sync id defaults to its VRID.
     * Publishes the global settings again, since their own finisher may already have run.
     */
    private void syncDaemon(Map<String, VrrpInstance> done) {
        Optional<GlobalDefsBuilder> gb = GlobalDefsBuilder.existing(cfg);
        if (gb.isEmpty() || gb.get().syncDaemon.isEmpty()) {
            return;
        }
        LvsSyncDaemon sd = gb.get().syncDaemon.get();
        if (sd.instance().isEmpty()) {
            return;
        }
        Optional<VrrpInstance> vi = Optional.ofNullable(done.get(sd.instance().get()));
        if (vi.isEmpty()) {
            gb.get().syncDaemonAt.ifPresent(a -> a.warning("vrrp instance " + sd.instance().get()
                    + " for lvs_sync_daemon not found - ignoring lvs_sync_daemon"));
            gb.get().syncDaemon = Optional.empty();
        } else if (sd.syncId().isEmpty()) {
            gb.get().syncDaemon = Optional.of(new LvsSyncDaemon(sd.interfaceName(), sd.instance(),
                    OptionalInt.of(vi.get().vrid()), sd.maxLen(), sd.port(), sd.ttl(), sd.group()));
        }
        cfg.globalDefs = gb.get().build();
    }

    /** Same VRID, family and interface (and multicast group, or overlapping unicast peers): keepalived refuses. */
    private List<VrrpInstanceBuilder> withoutDuplicateVrids(List<VrrpInstanceBuilder> live, GlobalDefs g) {
        List<VrrpInstanceBuilder> out = new ArrayList<>();
        for (VrrpInstanceBuilder b : live) {
            Optional<VrrpInstanceBuilder> clash = out.stream().filter(o -> clash(o, b, g)).findFirst();
            if (clash.isPresent()) {
                b.at.error(clash.get().name + " and " + b.name + " both use VRID " + b.vrid.getAsInt() + " with "
                        + VrrpInstanceCompletion.family(b).label() + " on interface " + b.iface.orElseThrow());
            } else {
                out.add(b);
            }
        }
        return out;
    }

    private static boolean clash(VrrpInstanceBuilder a, VrrpInstanceBuilder b, GlobalDefs g) {
        if (a.iface.isEmpty() || !a.iface.equals(b.iface) || a.vrid.getAsInt() != b.vrid.getAsInt()
                || VrrpInstanceCompletion.family(a) != VrrpInstanceCompletion.family(b)) {
            return false;
        }
        if (a.peers.isEmpty() != b.peers.isEmpty()) {
            return false;
        }
        if (a.peers.isEmpty()) {
            return group(a, g).equals(group(b, g));
        }
        Set<IpAddress> pa = new HashSet<>();
        a.peers.forEach(p -> pa.add(p.address()));
        return b.peers.stream().anyMatch(p -> pa.contains(p.address()));
    }

    private static IpAddress group(VrrpInstanceBuilder b, GlobalDefs g) {
        return b.mcastDstIp.orElse(VrrpInstanceCompletion.family(b) == IpFamily.INET ? g.vrrp().mcastGroup4()
                : g.vrrp().mcastGroup6());
    }

    private Map<SyncGroupBuilder, List<String>> membership(List<VrrpInstanceBuilder> live,
            Map<String, SyncGroupBuilder> groupOf) {
        Set<String> names = new HashSet<>();
        live.forEach(b -> names.add(b.name));
        Map<SyncGroupBuilder, List<String>> out = new HashMap<>();
        for (SyncGroupBuilder s : groups) {
            List<String> m = new ArrayList<>();
            for (Token t : s.members.orElse(List.of())) {
                String n = t.text();
                if (!names.contains(n)) {
                    s.at.warning("Virtual router " + n + " specified in sync group " + s.name
                            + " doesn't exist - ignoring");
                } else if (groupOf.containsKey(n)) {
                    s.at.warning("Virtual router " + n + " cannot exist in more than one sync group; ignoring "
                            + s.name);
                } else if (!m.contains(n)) {
                    m.add(n);
                    groupOf.put(n, s);
                }
            }
            out.put(s, m);
        }
        return out;
    }

    private Optional<VrrpSyncGroup> syncGroup(SyncGroupBuilder s, List<String> names, Map<String, VrrpInstance> done,
            GlobalDefs g) {
        if (s.members.isEmpty()) {
            s.at.error("Sync group " + s.name + " has no members - removing");
            return Optional.empty();
        }
        List<VrrpInstance> members = names.stream().filter(done::containsKey).map(done::get).toList();
        if (members.size() < 2) {
            s.at.warning("Sync group " + s.name + " has only " + members.size() + " virtual router(s) - "
                    + (members.isEmpty() ? "removing" : "this probably isn't what you want"));
            if (members.isEmpty()) {
                return Optional.empty();
            }
        }
        boolean anyOwnerMaster = members.stream()
                .anyMatch(i -> i.state() == VrrpState.MASTER && i.isAddressOwner());
        boolean anyBackup = members.stream().anyMatch(i -> i.state() == VrrpState.BACKUP);
        if (anyOwnerMaster && anyBackup) {
            s.at.warning("Sync group " + s.name
                    + " has some member(s) as address owner and some not as address owner. This won't work.");
        }
        Trackers t = TrackerGrammar.resolve(s.trackers, cfg, Optional.empty());
        if (members.stream().anyMatch(VrrpInstance::isAddressOwner)) {
            t = new Trackers(clear(s, t.interfaces(), "interface", "clearing weight"),
                    clear(s, t.scripts(), "script", "clearing weight"), clear(s, t.files(), "file", "setting weight 0"),
                    clear(s, t.processes(), "process", "setting weight 0"), clear(s, t.bfds(), "bfd", "setting weight 0"));
        }
        return Optional.of(new VrrpSyncGroup(s.name, members.stream().map(VrrpInstance::name).toList(), t,
                s.notify.build(), s.smtpAlert.orElse(g.email().vrrpAlertsByDefault()), s.trackingWeight,
                s.notifyPriorityChanges.orElse(g.vrrp().notifyPriorityChanges())));
    }

    private static List<Tracked> clear(SyncGroupBuilder s, List<Tracked> list, String what, String action) {
        List<Tracked> out = new ArrayList<>();
        for (Tracked x : list) {
            if (x.weight() != 0) {
                s.at.warning(s.label + " Cannot have weighted track " + what + " '" + x.name()
                        + "' with member having priority 255 - " + action);
                out.add(x.withWeight(0));
            } else {
                out.add(x);
            }
        }
        return out;
    }

    private Set<String> trackGroups(Map<String, VrrpInstance> done) {
        Set<String> names = new HashSet<>();
        for (PendingTrackGroup p : trackGroups) {
            List<String> m = new ArrayList<>();
            for (Token t : p.members()) {
                if (!done.containsKey(t.text())) {
                    p.at().warning("track_group " + p.name() + ": vrrp_instance " + t.text()
                            + " not found - ignoring");
                } else if (!m.contains(t.text())) {
                    m.add(t.text());
                }
            }
            if (m.isEmpty()) {
                p.at().warning("Static track group " + p.name() + " has no members - removing");
                continue;
            }
            cfg.trackGroups.add(new TrackGroup(p.name(), m));
            names.add(p.name());
        }
        return names;
    }

    /** Static addresses get default_interface when they name no device; unknown track_groups are dropped. */
    private void staticEntries(GlobalDefs g, Set<String> groupNames) {
        String dev = g.vrrp().defaultInterface();
        cfg.staticAddresses.replaceAll(s -> s.address().dev().isPresent() ? s
                : new StaticAddress(s.address().withDev(dev)));
        for (StaticRef r : staticRefs) {
            if (groupNames.contains(r.group())) {
                continue;
            }
            r.at().warning("track_group " + r.group() + " not found");
            switch (r.list()) {
                case ADDRESSES -> cfg.staticAddresses.set(r.index(),
                        new StaticAddress(cfg.staticAddresses.get(r.index()).address().withoutTrackGroup()));
                case ROUTES -> cfg.staticRoutes.set(r.index(),
                        new StaticRoute(cfg.staticRoutes.get(r.index()).route().withoutTrackGroup()));
                case RULES -> cfg.staticRules.set(r.index(),
                        new StaticRule(cfg.staticRules.get(r.index()).rule().withoutTrackGroup()));
            }
        }
    }
}
