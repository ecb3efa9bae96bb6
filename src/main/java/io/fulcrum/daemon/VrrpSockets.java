package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.VrrpSocket;
import io.fulcrum.vrrp.InboundPacket;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.Ipv4Datagrams;
import io.fulcrum.vrrp.VrrpFormatException;
import io.fulcrum.vrrp.VrrpTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The VRRP sockets of the running instances: one raw socket per interface and family, shared by the instances
 * on it, joined to the multicast groups they use; and a receiving thread per socket that hands every packet to
 * {@code sink} (malformed ones are logged, rate-limited, and dropped).
 */
final class VrrpSockets implements VrrpTransport, AutoCloseable {

    private static final Duration RECEIVE_SLICE = Duration.ofMillis(250);
    private static final int EADDRNOTAVAIL = 99;

    private final Map<String, VrrpSocket> sockets = new LinkedHashMap<>();
    private final List<Thread> receivers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Set<String> joined = new java.util.HashSet<>();
    private final java.util.Set<String> unbound = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Consumer<InboundPacket> sink;
    private final Consumer<String> log;
    private final RateLimiter malformed = new RateLimiter(10_000_000_000L);
    private volatile boolean running = true;

    private VrrpSockets(Consumer<String> log) {
        this.log = log;
    }

    /** Opens the sockets the instances need and joins their groups; closes what it opened when one fails. */
    static VrrpSockets open(List<InstanceSettings> instances, Consumer<String> log) throws NativeException {
        VrrpSockets s = new VrrpSockets(log);
        try {
            for (InstanceSettings i : instances) {
                Optional<VrrpSocket> socket = s.bound(i);
                if (socket.isPresent() && !i.unicast() && s.joined.add(key(i) + " " + i.multicastGroup())) {
                    socket.get().join(i.multicastGroup());
                }
            }
            return s;
        } catch (NativeException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static String key(InstanceSettings i) {
        return i.spec().interfaceName().orElseThrow() + (i.primaryAddress().isV4() ? "/4" : "/6");
    }

    /**
     * The instance's socket; empty when it is unicast and its {@code unicast_src_ip} is not on this host, as
     * keepalived 2.2.7 takes it: the bind fails ({@code bind unicast_src 10.0.0.5 failed 99 - Cannot assign
     * requested address}) and the instance stays in FAULT ({@link #unbound}) while the others run.
     */
    private Optional<VrrpSocket> bound(InstanceSettings i) throws NativeException {
        try {
            VrrpSocket socket = socketFor(i);
            unbound.remove(i.name());
            return Optional.of(socket);
        } catch (NativeException e) {
            if (e.errno() != EADDRNOTAVAIL) {
                throw e;
            }
            if (!i.unicast()) { // keepalived sends from it all the same (its own IP header): not done here
                throw new NativeException("(" + i.name() + ") bind to the advert source " + i.primaryAddress()
                        + " (mcast_src_ip)", e.errno(), "the address is not on this host; add it first");
            }
            if (unbound.add(i.name())) {
                log.accept("bind unicast_src " + i.primaryAddress() + " failed " + EADDRNOTAVAIL
                        + " - Cannot assign requested address");
            }
            return Optional.empty();
        }
    }

    /** Whether the instance has no socket: its unicast source address was not on this host when it was opened. */
    boolean unbound(String instance) {
        return unbound.contains(instance);
    }

    private VrrpSocket socketFor(InstanceSettings i) throws NativeException {
        VrrpSocket s = sockets.get(key(i));
        if (s == null) {
            String ifname = i.spec().interfaceName().orElseThrow();
            int ttl = i.spec().unicast().ttl().orElse(255);
            s = i.primaryAddress().isV4() ? VrrpSocket.openV4(ifname, i.primaryAddress(), ttl)
                    : VrrpSocket.openV6(ifname, i.primaryAddress(), ttl);
            sockets.put(key(i), s);
        }
        return s;
    }

    /** Starts one receiving thread per socket. */
    synchronized void startReceiving(Consumer<InboundPacket> sink) {
        this.sink = sink;
        for (Map.Entry<String, VrrpSocket> e : sockets.entrySet()) {
            receiveFrom(e.getKey(), e.getValue());
        }
    }

    private void receiveFrom(String key, VrrpSocket socket) {
        String ifname = key.substring(0, key.indexOf('/'));
        Consumer<InboundPacket> to = sink;
        Thread t = Thread.ofPlatform().name("fulcrum-vrrp-rx-" + key).daemon(true)
                .start(() -> receive(ifname, socket, to));
        receivers.add(t);
    }

    /**
     * A reload: opens the sockets {@code instances} need that are not open yet (receiving at once when the others
     * do) and joins the multicast groups they use; sockets no longer used stay open until the daemon stops.
     */
    synchronized void ensure(List<InstanceSettings> instances) throws NativeException {
        for (InstanceSettings i : instances) {
            boolean fresh = !sockets.containsKey(key(i));
            Optional<VrrpSocket> socket = bound(i);
            if (socket.isEmpty()) {
                continue;
            }
            if (!i.unicast() && joined.add(key(i) + " " + i.multicastGroup())) {
                socket.get().join(i.multicastGroup());
            }
            if (fresh && sink != null) {
                receiveFrom(key(i), socket.get());
            }
        }
    }

    private void receive(String ifname, VrrpSocket socket, Consumer<InboundPacket> sink) {
        while (running) {
            try {
                socket.receive(RECEIVE_SLICE).ifPresent(r -> {
                    try {
                        sink.accept(r.ipHeaderLength() > 0
                                ? Ipv4Datagrams.parse(ifname, r.payload(), r.payload().length)
                                : new InboundPacket(ifname, r.source(), r.destination(), r.ttlOrHopLimit(), 0,
                                        r.payload().length, false, r.payload()));
                    } catch (VrrpFormatException ex) {
                        if (malformed.allow()) {
                            log.accept("VRRP packet from " + r.source() + " on " + ifname + " dropped: "
                                    + ex.getMessage() + " (such lines are logged at most every 10 s)");
                        }
                    }
                });
            } catch (InterruptedException ex) {
                return;
            } catch (NativeException ex) {
                if (running) {
                    log.accept("VRRP receive on " + ifname + " failed: " + ex.getMessage());
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(RECEIVE_SLICE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void send(InstanceSettings instance, byte[] message, IpAddress destination) throws IOException {
        VrrpSocket s = sockets.get(key(instance));
        if (s == null) {
            throw new IOException("no VRRP socket for " + key(instance));
        }
        s.send(message, destination);
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : receivers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (VrrpSocket s : sockets.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.accept("closing a VRRP socket: " + e.getMessage());
            }
        }
    }
}
