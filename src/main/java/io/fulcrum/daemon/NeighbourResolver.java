package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.dataplane.packet.LinkInfo;
import io.fulcrum.dataplane.packet.NeighbourRequests;
import io.fulcrum.dataplane.packet.NextHop;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.Neighbours;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds the packet engine's next hops: for every real server (and every NAT client the engine asked about) the
 * interface whose subnet holds it and its MAC from the kernel's neighbour table, asking the kernel to resolve
 * (ARP / neighbour discovery) what is missing. Runs on a thread of its own, once a second and as soon as the engine
 * asks; publishes the whole list when it changed.
 */
final class NeighbourResolver implements NeighbourRequests, AutoCloseable {

    private static final long PERIOD_MILLIS = 1_000;
    private static final int MAX_REQUESTED = 4_096;

    private final List<LinkInfo> links;
    private final List<InterfaceAddress> addresses;
    private final Consumer<List<NextHop>> publish;
    private final Consumer<String> log;
    private final Set<IpAddress> requested = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private volatile List<IpAddress> wanted = List.of();
    private volatile boolean running = true;
    private final Thread thread;
    private List<NextHop> last = List.of();

    NeighbourResolver(List<LinkInfo> links, List<InterfaceAddress> addresses, Consumer<List<NextHop>> publish,
                      Consumer<String> log) {
        this.links = List.copyOf(links);
        this.addresses = List.copyOf(addresses);
        this.publish = publish;
        this.log = log;
        this.thread = Thread.ofPlatform().name("fulcrum-neighbours").daemon(true).start(this::run);
    }

    /** The addresses to keep resolved: the real servers of the packet services. */
    void want(List<IpAddress> list) {
        wanted = List.copyOf(new LinkedHashSet<>(list));
        poke();
    }

    @Override
    public void resolve(IpAddress address) {
        if (requested.size() < MAX_REQUESTED && requested.add(address)) {
            poke();
        }
    }

    private void poke() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** The link whose subnet holds {@code a}, or empty. */
    Optional<LinkInfo> linkFor(IpAddress a) {
        for (InterfaceAddress ia : addresses) {
            if (new IpPrefix(ia.address(), ia.prefixLength()).contains(a)) {
                LinkInfo l = LinkInfo.of(links, ia.index());
                if (l != null) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.empty();
    }

    private void run() {
        Set<IpAddress> noLink = new HashSet<>();
        try (Neighbours n = Neighbours.open()) {
            while (running) {
                List<IpAddress> all = new ArrayList<>(wanted);
                all.addAll(requested);
                List<NextHop> hops = new ArrayList<>();
                for (IpAddress a : all) {
                    Optional<LinkInfo> link = linkFor(a);
                    if (link.isEmpty()) {
                        if (noLink.add(a)) {
                            log.accept("Packet engine: " + a + " is on no subnet of the engine's interfaces "
                                    + links.stream().map(LinkInfo::name).toList() + "; it cannot be reached");
                        }
                        continue;
                    }
                    try {
                        OptionalLong mac = n.lookup(link.get().ifindex(), a);
                        if (mac.isPresent()) {
                            hops.add(new NextHop(a, link.get().ifindex(), mac.getAsLong()));
                        } else {
                            n.resolve(link.get().ifindex(), a);
                        }
                    } catch (io.fulcrum.nativeio.NativeException e) {
                        log.accept("Packet engine: neighbour of " + a + ": " + e.getMessage());
                    }
                }
                if (!hops.equals(last)) {
                    last = List.copyOf(hops);
                    publish.accept(last);
                }
                synchronized (wake) {
                    wake.wait(hops.size() < all.size() ? 100 : PERIOD_MILLIS);
                }
            }
        } catch (io.fulcrum.nativeio.NativeException e) {
            log.accept("Packet engine: the neighbour table cannot be read (" + e.getMessage() + "); real servers"
                    + " cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        poke();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
