package io.fulcrum.ipvs.sched;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import java.util.ArrayList;
import java.util.List;

/** Hand-built destinations for scheduler tests. */
final class Dests {
    private Dests() {
    }

    static Destination dest(int i, int weight) {
        return new Destination(IpAddress.parse("10.0.0." + i), 80, DestinationSettings.of(ForwardingMethod.ROUTE, weight));
    }

    static List<Destination> weights(int... w) {
        List<Destination> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            out.add(dest(i + 1, w[i]));
        }
        return out;
    }

    /** Sets counters through the connection-layer methods. */
    static Destination conns(Destination d, int active, int inactive) {
        for (int i = 0; i < active + inactive; i++) {
            d.bindConnection(false);
        }
        for (int i = 0; i < active; i++) {
            d.connectionActivated();
        }
        return d;
    }

    static ScheduleInput client(int a, int port) {
        return new ScheduleInput(IpAddress.ofBytes(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}),
                port, IpAddress.parse("192.168.10.100"), 80, Protocol.TCP);
    }

    static ScheduleInput toAddress(String daddr) {
        return new ScheduleInput(IpAddress.parse("203.0.113.7"), 40000, IpAddress.parse(daddr), 80, Protocol.TCP);
    }

    static String letters(List<Destination> ds, List<Destination> picks) {
        StringBuilder sb = new StringBuilder();
        for (Destination p : picks) {
            sb.append((char) ('A' + ds.indexOf(p)));
        }
        return sb.toString();
    }
}
