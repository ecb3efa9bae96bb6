package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.Connection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The flows of one listener, found by client address and port (kept flows) or by table entry (for expiry);
 * one-packet flows are in neither, only in arrival order, so the oldest can make room. Used on the listener's
 * event loop only.
 */
final class UdpFlows {

    private final Map<InetSocketAddress, UdpFlow> byClient = new HashMap<>();
    private final Map<Connection, UdpFlow> byEntry = new IdentityHashMap<>();
    private final LinkedHashSet<UdpFlow> onePacket = new LinkedHashSet<>();

    UdpFlow byClient(InetSocketAddress client) {
        return byClient.get(client);
    }

    UdpFlow byEntry(Connection entry) {
        return byEntry.get(entry);
    }

    void add(UdpFlow f) {
        if (f.onePacket()) {
            onePacket.add(f);
            return;
        }
        byClient.put(f.client(), f);
        if (f.entry() != null) {
            byEntry.put(f.entry(), f);
        }
    }

    /** Forgets {@code f}; false when it was not here. */
    boolean remove(UdpFlow f) {
        if (f.onePacket()) {
            return onePacket.remove(f);
        }
        if (f.entry() != null) {
            byEntry.remove(f.entry(), f);
        }
        return byClient.remove(f.client(), f);
    }

    int size() {
        return byClient.size() + onePacket.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    /** The oldest one-packet flow, or null. */
    UdpFlow oldestOnePacket() {
        return onePacket.isEmpty() ? null : onePacket.getFirst();
    }

    /** Flows outside the table (sorry server, one-packet) whose deadline has passed at {@code now}. */
    List<UdpFlow> due(long now) {
        List<UdpFlow> out = new ArrayList<>();
        for (UdpFlow f : onePacket) {
            if (now - f.deadline() >= 0) {
                out.add(f);
            }
        }
        for (UdpFlow f : byClient.values()) {
            if (f.entry() == null && now - f.deadline() >= 0) {
                out.add(f);
            }
        }
        return out;
    }

    List<UdpFlow> all() {
        List<UdpFlow> out = new ArrayList<>(byClient.values());
        out.addAll(onePacket);
        return out;
    }
}
