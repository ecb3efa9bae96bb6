package io.fulcrum.bench;

import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Direction;
import io.fulcrum.ipvs.conn.TcpFlags;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection table's memory and expiry figures (run by {@code bin/bench conntrack}):
 * <ol>
 * <li>heap bytes per live entry at 1,000,000 established TCP connections, IPv4 and IPv6: used heap after a full
 *     GC, minus the same before filling (the key arrays of the harness are allocated before the baseline);</li>
 * <li>expiry in waves: 1,000,000 entries made in 10 waves of 100,000, one simulated second apart, all coming due
 *     900 s later; a daemon loop then calls {@link ConnectionTable#expire(long)} every 100 ms of simulated time
 *     (back to back in wall time) until the table is empty, timing each call, while a data plane thread keeps
 *     opening connections and looking entries up, timing each of its operations (its longest one is the longest
 *     the table kept a data plane waiting, GC pauses included).</li>
 * </ol>
 */
public final class ConntrackMemoryAndExpiry {

    private static final long SECOND = 1_000_000_000L;
    private static final int ENTRIES = 1_000_000;
    private static final int WAVES = 10;

    private ConntrackMemoryAndExpiry() {
    }

    public static void main(String[] args) throws InterruptedException {
        footprint(false, 0);
        footprint(false, 800);
        footprint(true, 800);
        expiry();
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Entries opened over {@code spreadSeconds} of simulated time (0: all at once), so timer slots fill alike. */
    private static void footprint(boolean v6, int spreadSeconds) throws InterruptedException {
        ConntrackLoad load = new ConntrackLoad(ENTRIES, v6);
        load.add(0L); // the service, its scheduler and the table's first arrays are not per-entry costs
        long before = usedAfterGc();
        for (int i = 1; i < ENTRIES; i++) {
            load.add(spreadSeconds * SECOND / ENTRIES * i);
        }
        long after = usedAfterGc();
        System.out.printf("heap per entry, %,d established %s TCP entries opened over %d s: %.1f bytes "
                + "(%.1f MiB in all)%n", load.table.size(), v6 ? "IPv6" : "IPv4", spreadSeconds,
                (after - before) / (double) (ENTRIES - 1), (after - before) / 1048576.0);
    }

    private static void expiry() throws InterruptedException {
        ConntrackLoad load = new ConntrackLoad(ENTRIES + 2_000_000, false);
        long t0 = 0;
        for (int w = 0; w < WAVES; w++) {
            load.fill(ENTRIES / WAVES, t0 + w * SECOND);
        }
        ConnectionTable table = load.table;
        AtomicLong clock = new AtomicLong(t0 + 899 * SECOND);
        table.expire(clock.get());
        System.out.printf("expiry: %,d entries in %d waves of %,d, due from 900 s to %d s; expire() every 100 ms "
                + "of simulated time, budget %,d references per call%n", table.size(), WAVES, ENTRIES / WAVES,
                900 + WAVES - 1, ConnectionTable.DEFAULT_EXPIRE_BUDGET);

        AtomicBoolean stop = new AtomicBoolean();
        long[] hiccup = new long[1];
        Thread meter = Thread.ofPlatform().start(() -> hiccup[0] = hiccups(stop));
        long[] plane = new long[2]; // operations, longest (ns)
        Thread dataPlane = Thread.ofPlatform().start(() -> {
            int known = ENTRIES;
            long longest = 0;
            long ops = 0;
            while (!stop.get()) {
                long now = clock.get();
                long a = System.nanoTime();
                if ((ops & 7) == 0 && load.size() < load.clientAddress.length) {
                    table.onTcpPacket(load.add(now), Direction.INPUT, TcpFlags.RST, now); // gone 10 s later
                } else {
                    int i = (int) ((ops * 0x9E3779B97F4A7C15L) >>> 44) % known;
                    table.findInbound(Protocol.TCP, load.clientAddress[i], load.clientPort[i], load.vipV4,
                            ConntrackLoad.VPORT);
                }
                longest = Math.max(longest, System.nanoTime() - a);
                ops++;
            }
            plane[0] = ops;
            plane[1] = longest;
        });

        long gcCount = gcCount();
        long gcMillis = gcMillis();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] calls = new long[100_000];
        long[] cpu = new long[100_000];
        int n = 0;
        long start = System.nanoTime();
        boolean caughtUp = false;
        long end = t0 + (900 + WAVES + 5) * SECOND;
        while (!caughtUp || clock.get() < end) {
            long now = clock.addAndGet(SECOND / 10);
            long c = threads.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            caughtUp = table.expire(now, ConnectionTable.DEFAULT_EXPIRE_BUDGET); // what expire(now) does
            calls[n] = System.nanoTime() - a;
            cpu[n++] = threads.getCurrentThreadCpuTime() - c;
        }
        long wall = System.nanoTime() - start;
        stop.set(true);
        dataPlane.join();
        meter.join();
        long[] sorted = Arrays.copyOf(calls, n);
        Arrays.sort(sorted);
        long busy = Arrays.stream(sorted).filter(c -> c > 100_000).count();
        long[] cpuSorted = Arrays.copyOf(cpu, n);
        Arrays.sort(cpuSorted);
        System.out.printf("expire() calls: %,d (%,d doing real work), longest %.2f ms, p99 %.2f ms, median %.3f ms; "
                + "%.1f s simulated, %.2f s wall; %,d entries left (the data plane's last 10 s)%n", n, busy,
                sorted[n - 1] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n / 2] / 1e6,
                (clock.get() - t0) / 1e9 - 899, wall / 1e9, table.size());
        System.out.printf("expire() CPU time per call (the work, without time spent descheduled): longest %.2f ms, "
                + "p99 %.2f ms, median %.3f ms%n", cpuSorted[n - 1] / 1e6, cpuSorted[(int) (n * 0.99)] / 1e6,
                cpuSorted[n / 2] / 1e6);
        System.out.printf("data plane meanwhile: %,d lookups and opens, longest single operation %.2f ms%n", plane[0],
                plane[1] / 1e6);
        System.out.printf("GC meanwhile: %d collections, %d ms in all; machine noise: a thread sleeping 1 ms at a "
                + "time overslept by up to %.2f ms%n", gcCount() - gcCount, gcMillis() - gcMillis, hiccup[0] / 1e6);
    }

    /** The longest a thread that sleeps 1 ms at a time overslept: what the OS and JVM alone cost a thread. */
    private static long hiccups(AtomicBoolean stop) {
        long worst = 0;
        while (!stop.get()) {
            long a = System.nanoTime();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return worst;
            }
            worst = Math.max(worst, System.nanoTime() - a - 1_000_000);
        }
        return worst;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
