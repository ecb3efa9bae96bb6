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
        if (args.length != 6) {
            System.err.println("usage: SynIntervals PCAP TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PERIOD_MS");
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
        long[][] samples = {new long[1 << 16], new long[1 << 16]};
        int[] n = new int[2];
        long syns = 0;
        long retransmits = 0;
        long first = Long.MAX_VALUE;
        long lastTime = Long.MIN_VALUE;
        long[] times = new long[1 << 16];
        int nt = 0;
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
                int ihl = (data[l3] & 0x0f) * 4;
                int tcp = l3 + ihl;
                if (len < tcp + 14 || data[l3 + 9] != 6) {
                    continue;
                }
                int flags = data[tcp + 13] & 0xff;
                if ((flags & 0x12) != 0x02) {
                    continue;
                }
                int src = ((data[tcp] & 0xff) << 8) | (data[tcp + 1] & 0xff);
                int dst = ((data[tcp + 2] & 0xff) << 8) | (data[tcp + 3] & 0xff);
                int kind;
                if (dst >= tcpBase && dst < tcpBase + tcpCount) {
                    kind = 0;
                } else if (dst >= httpBase && dst < httpBase + httpCount) {
                    kind = 1;
                } else {
                    continue;
                }
                syns++;
                if (nt == times.length) {
                    times = Arrays.copyOf(times, nt * 2);
                }
                times[nt++] = t;
                first = Math.min(first, t);
                lastTime = Math.max(lastTime, t);
                int seq = ByteBuffer.wrap(data, tcp + 4, 4).getInt();
                if (last[dst] != Long.MIN_VALUE && lastSource[dst] == src && lastSeq[dst] == seq) {
                    retransmits++;
                    continue;
                }
                if (last[dst] != Long.MIN_VALUE) {
                    if (n[kind] == samples[kind].length) {
                        samples[kind] = Arrays.copyOf(samples[kind], n[kind] * 2);
                    }
                    samples[kind][n[kind]++] = t - last[dst];
                }
                last[dst] = t;
                lastSource[dst] = src;
                lastSeq[dst] = seq;
            }
        }
        StringBuilder sb = new StringBuilder();
        double span = syns > 0 ? (lastTime - first) / 1e9 : 0;
        sb.append(String.format(Locale.ROOT, "capture %.1f s, SYNs %d (%.0f/s), retransmitted SYNs %d%n", span, syns,
                span > 0 ? syns / span : 0, retransmits));
        CheckTargets.lateness(sb, "TCP_CHECK", samples[0], n[0], period);
        CheckTargets.lateness(sb, "HTTP_GET", samples[1], n[1], period);
        long[] all = Arrays.copyOf(samples[0], n[0] + n[1]);
        System.arraycopy(samples[1], 0, all, n[0], n[1]);
        CheckTargets.lateness(sb, "all", all, all.length, period);
        int ports = 0;
        for (int p = tcpBase; p < tcpBase + tcpCount; p++) {
            ports += last[p] != Long.MIN_VALUE ? 1 : 0;
        }
        int httpPorts = 0;
        for (int p = httpBase; p < httpBase + httpCount; p++) {
            httpPorts += last[p] != Long.MIN_VALUE ? 1 : 0;
        }
        if (nt > 0) {
            // how evenly the probes are spread: SYNs per 10 ms slot of the capture
            int slots = (int) ((lastTime - first) / 10_000_000L) + 1;
            long[] perSlot = new long[slots];
            for (int i = 0; i < nt; i++) {
                perSlot[(int) ((times[i] - first) / 10_000_000L)]++;
            }
            long[] sorted = perSlot.clone();
            Arrays.sort(sorted);
            long empty = Arrays.stream(perSlot).filter(c -> c == 0).count();
            sb.append(String.format(Locale.ROOT, "SYNs per 10 ms: mean %.1f, p50 %d, p99 %d, max %d; empty slots %d "
                    + "of %d%n", (double) nt / slots, CheckTargets.quantile(sorted, 0.5), CheckTargets.quantile(sorted, 0.99),
                    sorted[slots - 1], empty, slots));
        }
        sb.append(String.format(Locale.ROOT, "ports probed in capture: TCP_CHECK %d/%d, HTTP_GET %d/%d%n", ports,
                tcpCount, httpPorts, httpCount));
        System.out.print(sb);
    }
}
