package io.fulcrum.ipvs.conn;

import static io.fulcrum.ipvs.conn.Fixture.SECOND;
import static io.fulcrum.ipvs.conn.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.ServiceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Many data plane threads and the daemon at once; every counter must come back to zero. */
class ConcurrencyTest {

    private static final ServiceKey.Inet WEB = (ServiceKey.Inet) Fixture.tcp("192.168.10.100", 80);
    private static final ServiceKey.Inet STICKY = (ServiceKey.Inet) Fixture.tcp("192.168.10.101", 443);
    private static final ServiceKey.Inet DNS = (ServiceKey.Inet) Fixture.udp("192.168.10.100", 53);
    private static final int[] FLAGS = {TcpFlags.SYN, TcpFlags.SYN | TcpFlags.ACK, TcpFlags.ACK, TcpFlags.ACK,
        TcpFlags.ACK, TcpFlags.FIN | TcpFlags.ACK, TcpFlags.RST};

    /** Runs {@code body(threadIndex)} on n threads started together; rethrows the first failure. */
    private static void run(int n, ThrowingIntConsumer body) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    body.accept(index);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a thread failed", failures.peek());
        }
    }

    @FunctionalInterface
    private interface ThrowingIntConsumer {
        void accept(int i) throws Exception;
    }

    @Test
    void dataPlanesAndTheDaemonTogetherLeaveNothingBehind() throws InterruptedException {
        Fixture f = new Fixture(new ConnectionOptions(true, true)).service(WEB).service(DNS)
                .service(STICKY, Fixture.persistent(5, 24));
        List<Destination> dests = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            dests.add(f.dest(WEB, "10.0.0." + i, 80));
            dests.add(f.dest(STICKY, "10.0.1." + i, 443, ForwardingMethod.ROUTE, i));
            dests.add(f.dest(DNS, "10.0.2." + i, 53));
        }
        ConnectionTable table = f.table;
        AtomicLong clock = new AtomicLong(T0);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReferenceArray<Connection> shared = new AtomicReferenceArray<>(256);
        ConcurrentLinkedQueue<Connection> sample = new ConcurrentLinkedQueue<>();
        AtomicLong scheduled = new AtomicLong();
        int planes = 3;
        run(planes + 1, index -> {
            if (index == planes) { // the daemon
                for (int round = 0; round < 200; round++) {
                    table.expire(clock.addAndGet(SECOND / 10)); // 20 s in all: templates come and go
                    if (round % 50 == 0) {
                        assertThat(table.list(clock.get())).allMatch(v -> v.expireSeconds() <= 900);
                    }
                    long target = scheduled.get() + 200; // let the data planes work between ticks
                    while (scheduled.get() < target) {
                        LockSupport.parkNanos(100_000);
                    }
                }
                stop.set(true);
                return;
            }
            SplittableRandom rnd = new SplittableRandom(index);
            int n = 0;
            while (!stop.get()) {
                long now = clock.get();
                ServiceKey.Inet key = switch (rnd.nextInt(3)) {
                    case 0 -> WEB;
                    case 1 -> STICKY;
                    default -> DNS;
                };
                int client = 0x0a000000 | index << 16 | rnd.nextInt(1 << 12);
                int port = 1024 + rnd.nextInt(60000);
                ScheduleResult r = table.schedule(f.view(key), new ScheduleInput(
                        IpAddress.ofBytes(new byte[] {10, (byte) index, (byte) (client >> 8), (byte) client}), port,
                        key.address(), key.port(), key.protocol()), now);
                if (!(r instanceof ScheduleResult.Scheduled(Connection c))) {
                    continue;
                }
                scheduled.incrementAndGet();
                if (n++ % 64 == 0) {
                    sample.add(c);
                }
                Connection found = table.findInbound(key.protocol(), (int) c.clientAddressLow(), port,
                        (int) c.virtualAddressLow(), key.port());
                // the entry itself, or an older one with the same key (a repeated random client and port)
                assertThat(found == c || c.isExpired() || found != null && found.clientAddressLow()
                        == c.clientAddressLow()).as("a fresh entry is found").isTrue();
                shared.set(rnd.nextInt(shared.length()), c);
                for (int k = 0; k < 4; k++) {
                    Connection other = shared.get(rnd.nextInt(shared.length()));
                    if (other == null) {
                        continue;
                    }
                    if (other.protocolNumber() == Protocol.UDP.number()) {
                        table.onUdpPacket(other, now);
                    } else if (rnd.nextBoolean() || table.admit(other, false, now) == Verdict.FORWARD) {
                        table.onTcpPacket(other, rnd.nextBoolean() ? Direction.INPUT : Direction.OUTPUT,
                                FLAGS[rnd.nextInt(FLAGS.length)], now);
                    }
                }
            }
        });
        assertThat(scheduled.get()).isGreaterThan(1000);
        assertThat(table.size()).isPositive();
        long end = clock.get() + 10_000 * SECOND;
        f.expireAll(end);
        f.expireAll(end + 100 * SECOND); // templates that were kept while their connections went
        assertThat(table.size()).isZero();
        assertThat(table.timerReferences()).isZero();
        assertThat(table.list(end)).isEmpty();
        assertThat(sample).allMatch(Connection::isExpired);
        for (Connection late : sample) { // a data plane that still holds an expired entry changes nothing
            if (late.protocolNumber() == Protocol.TCP.number()) {
                table.onTcpPacket(late, Direction.INPUT, TcpFlags.SYN, end);
            }
        }
        assertThat(dests).allSatisfy(d -> {
            assertThat(d.activeConns()).as("active of %s", d).isZero();
            assertThat(d.inactConns()).as("inactive of %s", d).isZero();
            assertThat(d.persistConns()).as("persistent of %s", d).isZero();
        });
    }

    @Test
    void oneEntryChangedByManyThreadsIsCountedExactly() throws InterruptedException {
        Fixture f = new Fixture().service(WEB);
        Destination rs = f.dest(WEB, "10.0.0.1", 80);
        List<Connection> conns = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            conns.add(f.open(WEB, "203.0.113.5", 1000 + i, T0));
        }
        run(4, index -> {
            SplittableRandom rnd = new SplittableRandom(index);
            for (int i = 0; i < 200_000; i++) {
                Connection c = conns.get(rnd.nextInt(conns.size()));
                f.table.onTcpPacket(c, rnd.nextBoolean() ? Direction.INPUT : Direction.OUTPUT,
                        FLAGS[rnd.nextInt(FLAGS.length)], T0 + i);
            }
        });
        long inactive = conns.stream().filter(Connection::isInactive).count();
        assertThat(rs.inactConns()).isEqualTo(inactive);
        assertThat(rs.activeConns()).isEqualTo(conns.size() - inactive);
        assertThat(conns).allSatisfy(c -> assertThat(c.isInactive()).isEqualTo(!c.tcpState().active()));
        f.expireAll(T0 + 1000 * SECOND);
        assertThat(rs.activeConns() + rs.inactConns()).isZero();
    }

    @Test
    void lookupsNeverMissWhileOtherThreadsInsert() throws InterruptedException {
        Fixture f = new Fixture().service(WEB);
        f.dest(WEB, "10.0.0.1", 80);
        List<Connection> known = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            known.add(f.open(WEB, "172.16." + (i >> 8) + "." + (i & 255), 5000, T0));
        }
        int vip = (int) known.getFirst().virtualAddressLow();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        AtomicLong lookups = new AtomicLong();
        run(3, index -> {
            if (index == 0) {
                for (int i = 0; i < 150_000; i++) {
                    f.open(WEB, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 6000, T0);
                }
                done.set(true);
                return;
            }
            while (!done.get()) {
                for (Connection c : known) {
                    lookups.incrementAndGet();
                    if (f.table.findInbound(Protocol.TCP, (int) c.clientAddressLow(), 5000, vip, 80) != c) {
                        misses.incrementAndGet();
                    }
                }
            }
        });
        assertThat(lookups.get()).isPositive();
        assertThat(misses.get()).isZero();
        assertThat(f.table.size()).isEqualTo(151_000);
    }
}
