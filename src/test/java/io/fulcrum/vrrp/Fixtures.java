package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.VrrpInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Instances built through the real configuration loader, so their settings are exactly what a keepalived.conf
 * gives, plus adverts and a few readers of action lists. Time in these tests is plain nanoseconds.
 */
final class Fixtures {

    static final long US = 1_000L;
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    /** An arbitrary start time, so that nothing depends on time zero. */
    static final long T0 = 1_000 * S;

    static final IpAddress OURS = IpAddress.parse("10.0.0.10");
    static final IpAddress LOWER_IP = IpAddress.parse("10.0.0.5");
    static final IpAddress HIGHER_IP = IpAddress.parse("10.0.0.20");
    static final IpAddress GROUP = IpAddress.parse("224.0.0.18");

    private Fixtures() {
    }

    static KeepalivedConfig config(String text) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
        if (r.hasErrors()) {
            throw new AssertionError("configuration errors: " + r.problems());
        }
        return r.config().orElseThrow();
    }

    /** {@code vrrp_instance VI_1} on eth0, VRID 51, VIP 10.0.0.1, with {@code body} added. */
    static VrrpInstance instance(String body) {
        return instance("", body);
    }

    static VrrpInstance instance(String globals, String body) {
        String text = (globals.isEmpty() ? "" : "global_defs {\n" + globals + "}\n")
                + "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n10.0.0.1\n}\n"
                + body + "}\n";
        List<VrrpInstance> l = config(text).vrrpInstances();
        if (l.size() != 1) {
            throw new AssertionError("expected one instance in " + text);
        }
        return l.getFirst();
    }

    static InstanceSettings settings(VrrpInstance spec) {
        return new InstanceSettings(spec, OURS, GROUP);
    }

    static VrrpMachine machine(String body) {
        return new VrrpMachine(settings(instance(body)));
    }

    static VrrpMachine machine(String globals, String body) {
        return new VrrpMachine(settings(instance(globals, body)));
    }

    /** A started BACKUP. */
    static VrrpMachine backup(String body) {
        VrrpMachine m = machine(body);
        m.start(T0);
        return m;
    }

    /** A started machine driven to MASTER by its down timer; returns it with its clock at the takeover. */
    static VrrpMachine master(String body) {
        VrrpMachine m = backup(body);
        m.timer(m.nextDeadline());
        if (m.state() != InstanceState.MASTER) {
            throw new AssertionError("did not become MASTER");
        }
        return m;
    }

    static VrrpAdvert v2(int priority) {
        return new VrrpAdvert(2, 51, priority, 0, Duration.ofSeconds(1), List.of(IpAddress.parse("10.0.0.1")),
                new byte[8]);
    }

    static VrrpAdvert v3(int priority, Duration interval) {
        return new VrrpAdvert(3, 51, priority, 0, interval, List.of(IpAddress.parse("10.0.0.1")), new byte[0]);
    }

    static IpAddress ip(String s) {
        return IpAddress.parse(s);
    }

    /** The log lines, in order, detail lines prefixed with "D ". */
    static List<String> logs(List<VrrpAction> actions) {
        return actions.stream().filter(a -> a instanceof VrrpAction.Log).map(a -> (VrrpAction.Log) a)
                .map(l -> (l.detail() ? "D " : "") + l.line()).toList();
    }

    /** The actions other than log lines, in order. */
    static List<VrrpAction> effects(List<VrrpAction> actions) {
        return actions.stream().filter(a -> !(a instanceof VrrpAction.Log)).toList();
    }

    static VrrpAction.SendAdvert advert(int priority) {
        return new VrrpAction.SendAdvert(priority);
    }

    static VrrpAction.StateChanged changed(InstanceState from, InstanceState to, int priority) {
        return new VrrpAction.StateChanged(from, to, priority);
    }

    static VrrpAction.SendGratuitous garp(int repeat, String reason) {
        return new VrrpAction.SendGratuitous(repeat, reason);
    }

    static final VrrpAction ADD = new VrrpAction.AddAddresses();
    static final VrrpAction REMOVE = new VrrpAction.RemoveAddresses();
}
