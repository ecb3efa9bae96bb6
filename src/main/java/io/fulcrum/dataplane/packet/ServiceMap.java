package io.fulcrum.dataplane.packet;

import io.fulcrum.common.IpAddress;
import java.util.List;

/**
 * The engine's lookup from a packet's (protocol, destination address, destination port) to the service it is
 * for. Immutable; the engine publishes a new one when the table changes. Few services is the rule, so the lookup
 * is an allocation-free scan over parallel arrays, with the port compared first.
 */
final class ServiceMap {

    static final ServiceMap EMPTY = new ServiceMap(List.of());

    private final PacketService[] services;
    private final int[] protocols;
    private final int[] ports;
    private final long[] highs;
    private final long[] lows;
    private final boolean[] v6;

    ServiceMap(List<PacketService> list) {
        int n = list.size();
        services = list.toArray(new PacketService[0]);
        protocols = new int[n];
        ports = new int[n];
        highs = new long[n];
        lows = new long[n];
        v6 = new boolean[n];
        for (int i = 0; i < n; i++) {
            PacketService s = services[i];
            IpAddress a = s.key().address();
            protocols[i] = s.key().protocol().number();
            ports[i] = s.key().port();
            v6[i] = a.isV6();
            highs[i] = Addresses.high(a);
            lows[i] = Addresses.low(a);
        }
    }

    /** The service for that destination, or null. */
    PacketService find(int protocol, boolean isV6, long high, long low, int port) {
        for (int i = 0; i < ports.length; i++) {
            if (ports[i] == port && lows[i] == low && highs[i] == high && protocols[i] == protocol
                    && v6[i] == isV6) {
                return services[i];
            }
        }
        return null;
    }

    int size() {
        return services.length;
    }

    List<PacketService> services() {
        return List.of(services);
    }
}
