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
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Follows this host's addresses for {@code ha_suspend} (keepalived's checker process listens to the kernel's
 * address events): after every address change the whole set of addresses goes to {@code changed}, on this
 * watcher's own thread.
 */
final class HaSuspendWatch implements AutoCloseable {

    private static final Duration SLICE = Duration.ofMillis(250);

    private final LinkMonitor monitor;
    private final Consumer<Set<IpAddress>> changed;
    private final Consumer<String> log;
    private final Thread thread;
    private volatile boolean running = true;

    private HaSuspendWatch(LinkMonitor monitor, Consumer<Set<IpAddress>> changed, Consumer<String> log) {
        this.monitor = monitor;
        this.changed = changed;
        this.log = log;
        this.thread = Thread.ofPlatform().name("fulcrum-ha-suspend").daemon(true).unstarted(this::run);
    }

    /** Starts following; the first set, read now, goes to {@code changed} from the watcher's thread. */
    static HaSuspendWatch start(Consumer<Set<IpAddress>> changed, Consumer<String> log) throws IOException {
        HaSuspendWatch w = new HaSuspendWatch(LinkMonitor.open(), changed, log);
        w.thread.start();
        return w;
    }

    /** The addresses on this host now (every interface, both families). */
    static Set<IpAddress> current() throws IOException {
        try (Rtnetlink netlink = Rtnetlink.open()) {
            return addresses(netlink);
        }
    }

    private static Set<IpAddress> addresses(Rtnetlink netlink) throws NativeException, MalformedNetlinkException {
        Set<IpAddress> out = new HashSet<>();
        for (InterfaceAddress a : netlink.addresses()) {
            out.add(a.address());
        }
        return out;
    }

    private void run() {
        try (Rtnetlink netlink = Rtnetlink.open()) {
            changed.accept(addresses(netlink));
            while (running) {
                Optional<LinkEvent> e = monitor.next(SLICE);
                if (e.isPresent()) {
                    changed.accept(addresses(netlink));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.accept("ha_suspend: following the host's addresses stopped: " + e.getMessage() + " (checkers"
                        + " stay as they are)");
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        monitor.close();
    }
}
