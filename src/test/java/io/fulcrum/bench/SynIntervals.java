package io.fulcrum.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The lateness of the daemon's checks as the wire shows them, for {@code bin/bench checks}: reads a pcap file of
 * the SYNs sent to the real servers' ports (tcpdump on the loopback, kernel timestamps in nanoseconds) and
 * prints, per kind of checker, the intervals between two connection attempts to the same port minus the period,
 * as {@link CheckTargets} does from its accept times. A SYN sent on loopback is stamped inside the daemon's
 * connect() call, so this measures when each probe began, free of the listener's own scheduling delays. A
 * retransmitted SYN (the source port and sequence number of the port's previous SYN) is counted apart and not
 * taken as a probe.
 *
 * <p>{@code SynIntervals PCAP TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PERIOD_MS}.
 */
public final class SynIntervals {

    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;

    private SynIntervals() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: SynIntervals PCAP TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PERIOD_MS "
                    + "[SECONDS_OUT]");
            System.exit(2);
        }
        int tcpBase = Integer.parseInt(args[1]);
        int tcpCount = Integer.parseInt(args[2]);
        int httpBase = Integer.parseInt(args[3]);
        int httpCount = Integer.parseInt(args[4]);
        long period = Long.parseLong(args[5]) * 1_000_000L;
        long[] last = new long[65536];
        int[] lastSource = new int[65536];
        int[] lastSeq = new int[65536];
        Arrays.fill(last, Long.MIN_VALUE);
        Longs[] byKind = {new Longs(), new Longs()};
        Longs intervals = new Longs();
        Longs intervalEnds = new Longs();
        Longs times = new Longs();
        long retransmits = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(Path.of(args[0])), 1 << 20);
                DataInputStream in = new DataInputStream(raw)) {
            byte[] header = new byte[24];
            in.readFully(header);
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            int magic = h.getInt(0);
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
                order = ByteOrder.BIG_ENDIAN;
                magic = Integer.reverseBytes(magic);
            }
            boolean nanos = magic == 0xa1b23c4d;
            if (!nanos && magic != 0xa1b2c3d4) {
                throw new IOException(args[0] + " is not a pcap file");
            }
            h.order(order);
            int linkType = h.getInt(20);
            int l3 = switch (linkType) {
                case LINKTYPE_ETHERNET -> 14;
                case LINKTYPE_LINUX_SLL -> 16;
                default -> throw new IOException("link type " + linkType + " is not handled");
            };
            byte[] rec = new byte[16];
            ByteBuffer r = ByteBuffer.wrap(rec).order(order);
            byte[] data = new byte[65536];
            while (true) {
                try {
                    in.readFully(rec);
                } catch (EOFException e) {
                    break;
                }
                long t = r.getInt(0) * 1_000_000_000L + (r.getInt(4) & 0xffffffffL) * (nanos ? 1 : 1000);
                int len = r.getInt(8);
                in.readFully(data, 0, len);
                if (len < l3 + 20 || (data[l3] & 0xf0) != 0x40) {
                    continue;
                }
                int tcp = l3 + (data[l3] & 0x0f) * 4;
                if (len < tcp + 14 || data[l3 + 9] != 6 || (data[tcp + 13] & 0x12) != 0x02) {
                    continue;
                }
                ByteBuffer seg = ByteBuffer.wrap(data, tcp, 8);
                int src = seg.getShort(tcp) & 0xffff;
                int dst = seg.getShort(tcp + 2) & 0xffff;
                int seq = seg.getInt(tcp + 4);
                int kind;
                if (dst >= tcpBase && dst < tcpBase + tcpCount) {
                    kind = 0;
                } else if (dst >= httpBase && dst < httpBase + httpCount) {
                    kind = 1;
                } else {
                    continue;
                }
                times.add(t);
                if (last[dst] != Long.MIN_VALUE && lastSource[dst] == src && lastSeq[dst] == seq) {
                    retransmits++;
                    continue;
                }
                if (last[dst] != Long.MIN_VALUE) {
                    byKind[kind].add(t - last[dst]);
                    intervals.add(t - last[dst]);
                    intervalEnds.add(t);
                }
                last[dst] = t;
                lastSource[dst] = src;
                lastSeq[dst] = seq;
            }
        }
        StringBuilder sb = new StringBuilder();
        int nt = times.n;
        long first = nt > 0 ? times.v[0] : 0;
        long lastTime = nt > 0 ? times.v[nt - 1] : 0;
        double span = (lastTime - first) / 1e9;
        sb.append(String.format(Locale.ROOT, "capture %.1f s, SYNs %d (%.0f/s), retransmitted SYNs %d%n", span, nt,
                span > 0 ? nt / span : 0, retransmits));
        CheckTargets.lateness(sb, "TCP_CHECK", byKind[0].v, byKind[0].n, period);
        CheckTargets.lateness(sb, "HTTP_GET", byKind[1].v, byKind[1].n, period);
        CheckTargets.lateness(sb, "all", intervals.v, intervals.n, period);
        if (nt > 0) {
            // how evenly the probes are spread: SYNs per 10 ms slot of the capture
            int slots = (int) ((lastTime - first) / 10_000_000L) + 1;
            long[] perSlot = new long[slots];
            for (int i = 0; i < nt; i++) {
                perSlot[(int) ((times.v[i] - first) / 10_000_000L)]++;
            }
            long[] sorted = perSlot.clone();
            Arrays.sort(sorted);
            long empty = Arrays.stream(perSlot).filter(c -> c == 0).count();
            sb.append(String.format(Locale.ROOT, "SYNs per 10 ms: mean %.1f, p50 %d, p99 %d, max %d; empty slots %d "
                    + "of %d%n", (double) nt / slots, CheckTargets.quantile(sorted, 0.5),
                    CheckTargets.quantile(sorted, 0.99), sorted[slots - 1], empty, slots));
        }
        int[] probed = new int[2];
        for (int p = 0; p < 65536; p++) {
            if (last[p] != Long.MIN_VALUE) {
                probed[p >= tcpBase && p < tcpBase + tcpCount ? 0 : 1]++;
            }
        }
        sb.append(String.format(Locale.ROOT, "ports probed in capture: TCP_CHECK %d/%d, HTTP_GET %d/%d%n", probed[0],
                tcpCount, probed[1], httpCount));
        System.out.print(sb);
        if (args.length == 7) {
            writeSeconds(Path.of(args[6]), intervalEnds, intervals, period);
        }
    }

    /** A growing array of longs. */
    private static final class Longs {
        long[] v = new long[1 << 16];
        int n;

        void add(long x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }
    }

    /**
     * One line per second of the capture (by the wall clock, in time order): {@code EPOCH_SECOND PROBES P50 P99 MAX},
     * the lateness in milliseconds of the probes whose SYN was sent in that second.
     */
    private static void writeSeconds(Path out, Longs ends, Longs intervals, long period) throws IOException {
        StringBuilder sb = new StringBuilder();
        // the SYNs come in time order: one run of intervals per second
        for (int from = 0; from < ends.n; ) {
            long sec = Math.floorDiv(ends.v[from], 1_000_000_000L);
            int to = from;
            while (to < ends.n && Math.floorDiv(ends.v[to], 1_000_000_000L) == sec) {
                to++;
            }
            long[] v = Arrays.copyOfRange(intervals.v, from, to);
            Arrays.sort(v);
            sb.append(String.format(Locale.ROOT, "%d %d %.3f %.3f %.3f%n", sec, v.length,
                    (CheckTargets.quantile(v, 0.5) - period) / 1e6, (CheckTargets.quantile(v, 0.99) - period) / 1e6,
                    (v[v.length - 1] - period) / 1e6));
            from = to;
        }
        Files.writeString(out, sb);
    }
}
