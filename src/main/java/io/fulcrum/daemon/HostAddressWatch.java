package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.LinkEvent;
import io.fulcrum.nativeio.LinkMonitor;
import io.fulcrum.nativeio.MalformedNetlinkException;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.Rtnetlink;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows the addresses on this host's interfaces (both families, every interface), for whoever acts on where a
 * VIP is: the packet engine (a VIP's traffic is forwarded only while the VIP is here) and {@code ha_suspend}
 * (checkers suspended while it is not). The first set goes to {@code changed} before {@link #start} returns;
 * then, on the watcher's own thread, a new set after every change: an added address at once (rtnetlink
 * RTMGRP_*_IFADDR, so a VIP VRRP adds counts straight away), the whole set read again when one is removed, a link
 * goes or the kernel reports lost events. Closing stops it.
 */
final class HostAddressWatch implements AutoCloseable {

    private static final Duration WAIT = Duration.ofMillis(200);

    private final LinkMonitor monitor;
    private final Consumer<Set<IpAddress>> changed;
    private final String who;
    private final Consumer<String> log;
    private final Set<IpAddress> current = new LinkedHashSet<>();
    private volatile boolean running = true;
    private Thread thread;

    private HostAddressWatch(LinkMonitor monitor, Consumer<Set<IpAddress>> changed, String who,
                             Consumer<String> log) {
        this.monitor = monitor;
        this.changed = changed;
        this.who = who;
        this.log = log;
    }

    /**
     * Opens the monitor (before the first read, so that no change falls between), hands the first set to
     * {@code changed} and starts following; {@code who} names the follower in the thread's name and the log.
     */
    static HostAddressWatch start(String who, Consumer<Set<IpAddress>> changed, Consumer<String> log)
            throws IOException {
        LinkMonitor monitor = LinkMonitor.open();
        HostAddressWatch w = new HostAddressWatch(monitor, changed, who, log);
        try {
            w.reread();
        } catch (IOException | RuntimeException e) {
            monitor.close();
            throw e;
        }
        w.thread = Thread.ofPlatform().name("fulcrum-addresses-" + who).daemon(true).start(w::run);
        return w;
    }

    /** The addresses on this host now. */
    static Set<IpAddress> current() throws IOException {
        Set<IpAddress> out = new LinkedHashSet<>();
        try (Rtnetlink rt = Rtnetlink.open()) {
            for (InterfaceAddress a : rt.addresses()) {
                out.add(a.address());
            }
        }
        return out;
    }

    private void reread() throws IOException {
        current.clear();
        current.addAll(current());
        changed.accept(Set.copyOf(current));
    }

    private void run() {
        try {
            while (running) {
                Optional<LinkEvent> event = monitor.next(WAIT);
                if (event.isEmpty()) {
                    continue;
                }
                switch (event.get()) {
                    case LinkEvent.AddressAdded(InterfaceAddress a) -> {
                        if (current.add(a.address())) {
                            changed.accept(Set.copyOf(current));
                        }
                    }
                    case LinkEvent.AddressRemoved removed -> reread(); // it may still be on another interface
                    case LinkEvent.EventsLost lost -> reread();
                    case LinkEvent.LinkChanged link -> { }
                    case LinkEvent.LinkRemoved removed -> reread(); // its addresses went with it
                }
            }
        } catch (NativeException | MalformedNetlinkException e) {
            if (running) {
                log.accept(who + ": the host's addresses can no longer be followed (" + e.getMessage()
                        + "); addresses added or removed from now on are not noticed");
            }
        } catch (IOException e) {
            log.accept(who + ": the host's addresses can no longer be read (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        monitor.close();
    }
}
