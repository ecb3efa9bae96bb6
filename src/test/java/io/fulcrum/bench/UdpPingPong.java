package io.fulcrum.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * UDP request/response round trips for {@code bin/bench packet}.
 *
 * <ul>
 *   <li>{@code UdpPingPong echo ADDR:PORT...}: one thread per address, each a socket bound to that address (so a
 *       reply to a request for the VIP leaves with the VIP as its source, as a DR real server's must) sending
 *       every datagram back to its sender; runs until killed. Prints {@code echo ready} once every socket is
 *       bound.</li>
 *   <li>{@code UdpPingPong rtt PORT COUNT WARMUP ADDR...}: sequential requests of 32 bytes carrying a sequence
 *       number, each sent when the previous reply arrived (or after a 1 s timeout, counted lost), to the
 *       addresses in turn (one socket each), so that every address meets the same conditions: WARMUP unrecorded
 *       rounds, then COUNT recorded ones; prints one line per address
 *       {@code rtt addr=ADDR n=COUNT lost=L median_us=.. p90_us=.. p99_us=.. max_us=.. min_us=..}.</li>
 * </ul>
 */
public final class UdpPingPong {

    private static final int PAYLOAD = 32;

    private UdpPingPong() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("echo")) {
            echo(Arrays.copyOfRange(args, 1, args.length));
        } else if (args.length >= 5 && args[0].equals("rtt")) {
            List<InetAddress> addresses = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                addresses.add(InetAddress.getByName(args[i]));
            }
            rtt(addresses, Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: UdpPingPong echo ADDR:PORT... | rtt PORT COUNT WARMUP ADDR...");
            System.exit(2);
        }
    }

    private static void echo(String[] endpoints) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (String e : endpoints) {
            int colon = e.lastIndexOf(':');
            DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(e.substring(0, colon)),
                    Integer.parseInt(e.substring(colon + 1))));
            threads.add(Thread.ofPlatform().name("echo-" + e).start(() -> {
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    while (true) {
                        p.setLength(buf.length);
                        s.receive(p);
                        s.send(p);
                    }
                } catch (IOException ex) {
                    System.err.println("echo " + e + ": " + ex);
                }
            }));
        }
        System.out.println("echo ready");
        System.out.flush();
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void rtt(List<InetAddress> addresses, int port, int count, int warmup) throws IOException {
        int k = addresses.size();
        long[][] samples = new long[k][count];
        int[] n = new int[k];
        int[] lost = new int[k];
        DatagramSocket[] sockets = new DatagramSocket[k];
        try {
            for (int a = 0; a < k; a++) {
                sockets[a] = new DatagramSocket();
                sockets[a].connect(addresses.get(a), port);
                sockets[a].setSoTimeout(1000);
            }
            byte[] out = new byte[PAYLOAD];
            byte[] in = new byte[2048];
            DatagramPacket[] requests = new DatagramPacket[k]; // one each: a send sets the packet's address
            for (int a = 0; a < k; a++) {
                requests[a] = new DatagramPacket(out, out.length);
            }
            DatagramPacket reply = new DatagramPacket(in, in.length);
            for (int i = 0; i < warmup + count; i++) {
                for (int a = 0; a < k; a++) {
                    DatagramSocket s = sockets[a];
                    ByteBuffer.wrap(out).putLong(0, i);
                    long t0 = System.nanoTime();
                    s.send(requests[a]);
                    long t1 = -1;
                    while (t1 < 0) {
                        reply.setLength(in.length);
                        try {
                            s.receive(reply);
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                        if (reply.getLength() == PAYLOAD && ByteBuffer.wrap(in).getLong(0) == i) {
                            t1 = System.nanoTime(); // a late reply to an earlier request is skipped
                        }
                    }
                    if (i < warmup) {
                        continue;
                    }
                    if (t1 < 0) {
                        lost[a]++;
                    } else {
                        samples[a][n[a]++] = t1 - t0;
                    }
                }
            }
        } finally {
            for (DatagramSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        for (int a = 0; a < k; a++) {
            long[] got = Arrays.copyOf(samples[a], n[a]);
            Arrays.sort(got);
            System.out.printf(Locale.ROOT, "rtt addr=%s n=%d lost=%d median_us=%.1f p90_us=%.1f p99_us=%.1f"
                            + " max_us=%.1f min_us=%.1f%n", addresses.get(a).getHostAddress(), count, lost[a],
                    pct(got, 0.5), pct(got, 0.9), pct(got, 0.99), pct(got, 1.0), pct(got, 0.0));
        }
    }

    /** The nearest-rank percentile in microseconds. */
    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
    }
}
