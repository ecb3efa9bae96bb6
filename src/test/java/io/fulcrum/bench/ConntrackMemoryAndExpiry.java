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
 *     (back to back in wall time) until all is expired, timing each call (wall and CPU time); first alone, then
 *     while a data plane thread keeps opening short connections and looking entries up, timing each of its
 *     operations. A thread that sleeps 1 ms at a time measures what the machine alone costs (scheduling, GC).</li>
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
        expiry(false);
        expiry(true);
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

    /** A data plane thread opening short connections and looking entries up, timing each operation. */
    private static final class DataPlane implements Runnable {
        private final ConntrackLoad load;
        private final AtomicLong clock;
        private final AtomicBoolean stop;
        private long operations;
        private long longestOpen;
        private long longestLookup;

        DataPlane(ConntrackLoad load, AtomicLong clock, AtomicBoolean stop) {
            this.load = load;
            this.clock = clock;
            this.stop = stop;
        }

        @Override
        public void run() {
            ConnectionTable table = load.table;
            while (!stop.get()) {
                long now = clock.get();
                long a = System.nanoTime();
                if ((operations & 7) == 0 && load.size() < load.clientAddress.length) {
                    table.onTcpPacket(load.add(now), Direction.INPUT, TcpFlags.RST, now); // gone 10 s later
                    longestOpen = Math.max(longestOpen, System.nanoTime() - a);
                } else {
                    int i = (int) ((operations * 0x9E3779B97F4A7C15L) >>> 44) % ENTRIES;
                    table.findInbound(Protocol.TCP, load.clientAddress[i], load.clientPort[i], load.vipV4,
                            ConntrackLoad.VPORT);
                    longestLookup = Math.max(longestLookup, System.nanoTime() - a);
                }
                operations++;
            }
        }
    }

    private static void expiry(boolean withDataPlane) throws InterruptedException {
        ConntrackLoad load = new ConntrackLoad(ENTRIES + 2_000_000, false);
        for (int w = 0; w < WAVES; w++) {
            load.fill(ENTRIES / WAVES, w * SECOND);
        }
        ConnectionTable table = load.table;
        AtomicLong clock = new AtomicLong(899 * SECOND);
        table.expire(clock.get());
        System.out.printf("expiry %s: %,d entries in %d waves of %,d, due from 900 s to %d s; expire() every 100 ms "
                + "of simulated time, budget %,d references per call%n", withDataPlane ? "with a data plane" : "alone",
                table.size(), WAVES, ENTRIES / WAVES, 900 + WAVES - 1, ConnectionTable.DEFAULT_EXPIRE_BUDGET);
        AtomicBoolean stop = new AtomicBoolean();
        long[] hiccup = new long[1];
        Thread meter = Thread.ofPlatform().start(() -> hiccup[0] = hiccups(stop));
        DataPlane plane = new DataPlane(load, clock, stop);
        Thread planeThread = withDataPlane ? Thread.ofPlatform().start(plane) : null;
        long gcCount = gcCount();
        long gcMillis = gcMillis();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[100_000];
        long[] cpu = new long[100_000];
        int n = 0;
        boolean caughtUp = false;
        while (!caughtUp || clock.get() < (900 + WAVES + 5) * SECOND) {
            long now = clock.addAndGet(SECOND / 10);
            long c = threads.getCurrentThreadCpuTime();
            long a = System.nanoTime();
            caughtUp = table.expire(now, ConnectionTable.DEFAULT_EXPIRE_BUDGET); // what expire(now) does
            wall[n] = System.nanoTime() - a;
            cpu[n++] = threads.getCurrentThreadCpuTime() - c;
        }
        stop.set(true);
        meter.join();
        if (planeThread != null) {
            planeThread.join();
        }
        System.out.printf("  %d expire() calls, %d with work; %,d entries left%n", n,
                Arrays.stream(wall, 0, n).filter(w -> w > 100_000).count(), table.size());
        System.out.println("  expire() wall time per call: " + percentiles(wall, n));
        System.out.println("  expire() CPU time per call (its work, without time descheduled): " + percentiles(cpu, n));
        if (withDataPlane) {
            System.out.printf("  data plane meanwhile: %,d lookups and opens (1 in 8); longest lookup %.2f ms, longest "
                    + "open (schedule, insert, state change) %.2f ms%n", plane.operations, plane.longestLookup / 1e6,
                    plane.longestOpen / 1e6);
        }
        System.out.printf("  GC meanwhile: %d collections, %d ms; machine noise: a thread sleeping 1 ms at a time "
                + "overslept by up to %.2f ms%n", gcCount() - gcCount, gcMillis() - gcMillis, hiccup[0] / 1e6);
    }

    private static String percentiles(long[] values, int n) {
        long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return String.format("longest %.2f ms, p99 %.2f ms, median %.3f ms", sorted[n - 1] / 1e6,
                sorted[(int) (n * 0.99)] / 1e6, sorted[n / 2] / 1e6);
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
