package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.dataplane.packet.LocalAddresses;
import io.fulcrum.nativeio.InterfaceAddress;
import io.fulcrum.nativeio.LinkEvent;
import io.fulcrum.nativeio.LinkMonitor;
import io.fulcrum.nativeio.MalformedNetlinkException;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.Rtnetlink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows the addresses on this host's interfaces for the packet engine (which forwards a VIP's traffic only while
 * the VIP is here, i.e. on the VRRP master): a first snapshot published before {@link #start} returns, then every
 * address added (rtnetlink RTMGRP_*_IFADDR, as it happens, so a VIP VRRP adds is served at once), and a new
 * snapshot when one is removed or the kernel reports lost events. One platform thread; closing stops it.
 */
final class LocalAddressWatch implements AutoCloseable {

    private static final Duration WAIT = Duration.ofMillis(200);

    private final LinkMonitor monitor;
    private final Consumer<LocalAddresses> publish;
    private final Consumer<String> log;
    private final Set<IpAddress> current = new LinkedHashSet<>();
    private volatile boolean running = true;
    private Thread thread;

    private LocalAddressWatch(LinkMonitor monitor, Consumer<LocalAddresses> publish, Consumer<String> log) {
        this.monitor = monitor;
        this.publish = publish;
        this.log = log;
    }

    /**
     * Opens the monitor (before the snapshot, so that no change falls between), publishes the snapshot and starts
     * following changes.
     */
    static LocalAddressWatch start(Consumer<LocalAddresses> publish, Consumer<String> log)
            throws NativeException, MalformedNetlinkException {
        LinkMonitor monitor = LinkMonitor.open();
        LocalAddressWatch w = new LocalAddressWatch(monitor, publish, log);
        try {
            w.snapshot();
        } catch (NativeException | MalformedNetlinkException | RuntimeException e) {
            monitor.close();
            throw e;
        }
        w.thread = Thread.ofPlatform().name("fulcrum-packet-addresses").daemon(true).start(w::run);
        return w;
    }

    private void snapshot() throws NativeException, MalformedNetlinkException {
        List<InterfaceAddress> all;
        try (Rtnetlink rt = Rtnetlink.open()) {
            all = rt.addresses();
        }
        current.clear();
        all.forEach(a -> current.add(a.address()));
        publish.accept(new LocalAddresses(new ArrayList<>(current)));
    }

    private void run() {
        try {
            while (running) {
                var event = monitor.next(WAIT);
                if (event.isEmpty()) {
                    continue;
                }
                switch (event.get()) {
                    case LinkEvent.AddressAdded(InterfaceAddress a) -> {
                        if (current.add(a.address())) {
                            publish.accept(new LocalAddresses(new ArrayList<>(current)));
                        }
                    }
                    case LinkEvent.AddressRemoved removed -> snapshot(); // it may still be on another interface
                    case LinkEvent.EventsLost lost -> snapshot();
                    case LinkEvent.LinkChanged changed -> { }
                    case LinkEvent.LinkRemoved removed -> snapshot(); // its addresses went with it
                }
            }
        } catch (NativeException | MalformedNetlinkException e) {
            if (running) {
                log.accept("Packet engine: the interface addresses can no longer be followed (" + e.getMessage()
                        + "); virtual addresses added or removed from now on are not noticed");
            }
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
