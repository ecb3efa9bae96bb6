package io.fulcrum.daemon;

import io.fulcrum.config.model.GarpTiming;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.VrrpDefaults;

/**
 * The "Global definitions" part of keepalived 2.2.7's data dump: the lines for settings Fulcrum has, in keepalived's
 * order. keepalived's lines about namespaces, SNMP, DBus, process priorities, netlink buffers and nftables are
 * left out (Fulcrum has none of them).
 */
final class GlobalDataDump {

    private GlobalDataDump() {
    }

    static void write(StringBuilder out, GlobalDefs g, String routerId) {
        line(out, "------< Global definitions >------");
        line(out, " Router ID = " + routerId);
        VrrpDefaults v = g.vrrp();
        if (!v.defaultInterface().isEmpty()) {
            line(out, " Default interface = " + v.defaultInterface());
        }
        line(out, " VRRP notify priority changes = " + v.notifyPriorityChanges());
        line(out, " VRRP IPv4 mcast group = " + v.mcastGroup4());
        line(out, " VRRP IPv6 mcast group = " + v.mcastGroup6());
        GarpTiming t = g.garp().timing();
        line(out, " Gratuitous ARP delay = " + t.masterDelay().toSeconds());
        line(out, " Gratuitous ARP repeat = " + t.masterRepeat());
        line(out, " Gratuitous ARP refresh timer = " + t.masterRefresh().toSeconds());
        line(out, " Gratuitous ARP refresh repeat = " + t.masterRefreshRepeat());
        line(out, " Gratuitous ARP lower priority delay = " + t.lowerPrioDelay().toSeconds());
        line(out, " Gratuitous ARP lower priority repeat = " + t.lowerPrioRepeat());
        line(out, " Num adverts before down = " + v.downTimerAdverts());
        line(out, " Send advert after receive lower priority advert = " + !v.lowerPrioNoAdvert());
        line(out, " Send advert after receive higher priority advert = " + v.higherPrioSendAdvert());
        line(out, " Gratuitous ARP interval = " + LvsDataDump.seconds(g.garp().garpInterval()));
        line(out, " Gratuitous NA interval = " + LvsDataDump.seconds(g.garp().gnaInterval()));
        line(out, " VRRP default protocol version = " + v.version());
        line(out, " VRRP check unicast_src = " + v.checkUnicastSrc());
        line(out, " VRRP skip check advert addresses = " + v.skipCheckAdvAddr());
        line(out, " VRRP strict mode = " + v.strict());
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
