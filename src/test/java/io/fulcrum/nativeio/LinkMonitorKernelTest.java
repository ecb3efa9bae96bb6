package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LinkMonitor in namespace A of a {@link NetnsPair}, watching changes made with the ip program. Needs root. */
class LinkMonitorKernelTest {

    private static final Duration WAIT = Duration.ofSeconds(3);

    private static NetnsPair pair;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("m");
    }

    @AfterAll
    static void removeNamespaces() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    /** Reads events until one matches; fails with what was seen when none does within {@link #WAIT}. */
    private static LinkEvent await(LinkMonitor monitor, Predicate<LinkEvent> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<LinkEvent> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Optional<LinkEvent> e = monitor.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (e.isPresent() && wanted.test(e.get())) {
                return e.get();
            }
            e.ifPresent(seen::add);
        }
        throw new AssertionError("no matching event; seen: " + seen);
    }

    private static void ipInA(String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = "ip";
        command[1] = "-n";
        command[2] = pair.a;
        System.arraycopy(args, 0, command, 3, args.length);
        NetnsPair.run(command);
    }

    @Test
    void linkDownAndUpAreSeen() throws Exception {
        try (LinkMonitor monitor = pair.inA.call(LinkMonitor::open)) {
            ipInA("link", "set", NetnsPair.IF, "down");
            try {
                LinkEvent down = await(monitor, e -> e instanceof LinkEvent.LinkChanged c
                        && c.link().name().equals(NetnsPair.IF) && !c.link().up());
                assertThat(((LinkEvent.LinkChanged) down).link().running()).isFalse();
            } finally {
                ipInA("link", "set", NetnsPair.IF, "up");
            }
            await(monitor, e -> e instanceof LinkEvent.LinkChanged c && c.link().name().equals(NetnsPair.IF)
                    && c.link().up() && c.link().running());
        }
    }

    @Test
    void addressesAddedAndRemovedWithIpAreSeen() throws Exception {
        IpAddress vip = IpAddress.parse("192.0.2.50");
        IpAddress vip6 = IpAddress.parse("2001:db8::50");
        try (LinkMonitor monitor = pair.inA.call(LinkMonitor::open)) {
            ipInA("addr", "add", "192.0.2.50/32", "dev", NetnsPair.IF, "label", "eth0:mon");
            ipInA("addr", "add", "2001:db8::50/64", "dev", NetnsPair.IF, "nodad");
            LinkEvent added = await(monitor, e -> e instanceof LinkEvent.AddressAdded a
                    && a.address().address().equals(vip));
            assertThat(((LinkEvent.AddressAdded) added).address().label()).contains("eth0:mon");
            assertThat(((LinkEvent.AddressAdded) added).address().prefixLength()).isEqualTo(32);
            await(monitor, e -> e instanceof LinkEvent.AddressAdded a && a.address().address().equals(vip6));
            ipInA("addr", "del", "192.0.2.50/32", "dev", NetnsPair.IF);
            ipInA("addr", "del", "2001:db8::50/64", "dev", NetnsPair.IF);
            await(monitor, e -> e instanceof LinkEvent.AddressRemoved a && a.address().address().equals(vip));
            await(monitor, e -> e instanceof LinkEvent.AddressRemoved a && a.address().address().equals(vip6));
        }
    }

    @Test
    void aDeletedInterfaceIsReportedRemoved() throws Exception {
        try (LinkMonitor monitor = pair.inA.call(LinkMonitor::open)) {
            ipInA("link", "add", "mon0", "type", "veth", "peer", "name", "mon1");
            await(monitor, e -> e instanceof LinkEvent.LinkChanged c && c.link().name().equals("mon0"));
            ipInA("link", "del", "mon0");
            await(monitor, e -> e instanceof LinkEvent.LinkRemoved r && r.link().name().equals("mon0"));
        }
    }

    @Test
    void nothingHappeningIsAnEmptyResultAndAnInterruptStopsTheWait() throws Exception {
        try (LinkMonitor monitor = pair.inB.call(LinkMonitor::open)) {
            assertThat(monitor.next(Duration.ofMillis(100))).isEmpty();
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    monitor.next(Duration.ofSeconds(30));
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            Thread.sleep(100);
            waiter.interrupt();
            assertThat(thrown.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }
}
