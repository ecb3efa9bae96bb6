package io.fulcrum.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The real servers of {@code bin/bench checks}: TCP listeners on many ports of 127.0.0.1, all served by one thread
 * with one selector, and the clock that times the daemon's checkers from the outside.
 *
 * <p>{@code CheckTargets TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PERIOD_MS}: ports TCP_BASE.. take connections and
 * close them (TCP_CHECK); ports HTTP_BASE.. read a request up to its blank line, answer {@code 200 OK} with a short
 * body and close (HTTP_GET). Prints {@code ready N} once every port listens, then obeys its standard input, one
 * command a line:
 * <ul>
 *   <li>{@code mark}: starts the measuring window (forgets what came before);</li>
 *   <li>{@code report}: prints, for each kind and for both, the intervals between consecutive connections to the
 *       same port within the window, as lateness = interval - PERIOD (count, p50, p90, p99, p99.9, max), the ports
 *       connected to in the window, the ports with no connection in the last 2 x PERIOD (a checker that stopped),
 *       connections and HTTP answers by kind, the time from accepting an HTTP connection to having written its
 *       answer (p50, p99, max), and this process's own CPU time and longest selector round (the jitter it adds
 *       to the arrival times), then a line {@code end}.</li>
 * </ul>
 * Exits when its standard input ends. {@link SynIntervals} measures the same lateness from the SYNs on the wire,
 * without this process's delays.
 *
 * <p>The arrival time of a connection is taken when the selector accepts it: when the daemon's probe has just
 * connected (TCP_CHECK closes at once; HTTP_GET sends its request next). keepalived's schedule, which the daemon
 * follows, starts the next probe delay_loop after the previous one finished, so an interval is PERIOD + the
 * previous probe's duration + the daemon's wake-up delay (+ this process's own delay on each arrival).
 */
public final class CheckTargets {

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n").getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_REQUEST = 1024;

    private final int tcpBase;
    private final int tcpCount;
    private final int httpBase;
    private final int httpCount;
    private final long periodNanos;
    private final long[] last;
    private final Samples tcp = new Samples();
    private final Samples http = new Samples();
    private final Samples answers = new Samples();
    private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
    private long mark = Long.MIN_VALUE;
    private long tcpConnections;
    private long httpConnections;
    private long httpAnswered;
    private long httpFailed;
    private long longestRoundNanos;

    private CheckTargets(int tcpBase, int tcpCount, int httpBase, int httpCount, long periodNanos) {
        this.tcpBase = tcpBase;
        this.tcpCount = tcpCount;
        this.httpBase = httpBase;
        this.httpCount = httpCount;
        this.periodNanos = periodNanos;
        this.last = new long[tcpCount + httpCount];
        Arrays.fill(last, Long.MIN_VALUE);
    }

    /** Intervals (nanoseconds) of one kind, in the order they came. */
    private static final class Samples {
        private long[] v = new long[1 << 16];
        private int n;

        void add(long x) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = x;
        }

        void clear() {
            n = 0;
        }
    }

    /** What one accepted HTTP connection has read so far. */
    private static final class Request {
        final ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        final long accepted;

        Request(long accepted) {
            this.accepted = accepted;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: CheckTargets TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PERIOD_MS");
            System.exit(2);
        }
        CheckTargets t = new CheckTargets(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]) * 1_000_000L);
        t.run();
    }

    private void run() throws IOException {
        Selector selector = Selector.open();
        for (int i = 0; i < tcpCount + httpCount; i++) {
            int port = i < tcpCount ? tcpBase + i : httpBase + (i - tcpCount);
            ServerSocketChannel s = ServerSocketChannel.open();
            s.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            try {
                s.bind(new InetSocketAddress("127.0.0.1", port), 128);
            } catch (IOException e) {
                System.err.println("CheckTargets: cannot listen on 127.0.0.1:" + port + ": " + e);
                System.exit(1);
            }
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT, i);
        }
        Thread input = Thread.ofPlatform().daemon().name("commands").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    commands.add(line.trim());
                    selector.wakeup();
                }
            } catch (IOException e) {
                // treated as the end of input
            }
            commands.add("exit");
            selector.wakeup();
        });
        System.out.println("ready " + (tcpCount + httpCount));
        System.out.flush();
        while (true) {
            selector.select();
            long start = System.nanoTime();
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept(selector, key);
                } else if (key.isReadable()) {
                    read(key);
                }
            }
            long round = System.nanoTime() - start;
            if (mark != Long.MIN_VALUE && round > longestRoundNanos) {
                longestRoundNanos = round;
            }
            for (String c; (c = commands.poll()) != null; ) {
                switch (c) {
                    case "mark" -> {
                        mark = System.nanoTime();
                        tcp.clear();
                        http.clear();
                        answers.clear();
                        tcpConnections = httpConnections = httpAnswered = httpFailed = 0;
                        longestRoundNanos = 0;
                    }
                    case "report" -> report();
                    case "exit" -> {
                        input.interrupt();
                        return;
                    }
                    default -> System.err.println("CheckTargets: unknown command " + c);
                }
            }
        }
    }

    private void accept(Selector selector, SelectionKey key) throws IOException {
        int i = (Integer) key.attachment();
        ServerSocketChannel server = (ServerSocketChannel) key.channel();
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            long now = System.nanoTime();
            boolean isTcp = i < tcpCount;
            if (mark != Long.MIN_VALUE) {
                if (last[i] >= mark) {
                    (isTcp ? tcp : http).add(now - last[i]);
                }
                if (isTcp) {
                    tcpConnections++;
                } else {
                    httpConnections++;
                }
            }
            last[i] = now;
            if (isTcp) {
                ch.close();
            } else {
                ch.configureBlocking(false);
                Request r = new Request(now);
                // the request is often there already: answer at once rather than a selector round later
                if (!serve(ch, r)) {
                    ch.register(selector, SelectionKey.OP_READ, r);
                }
            }
        }
    }

    private void read(SelectionKey key) {
        serve((SocketChannel) key.channel(), (Request) key.attachment());
    }

    /** Reads what has come of the request; answers and closes once it is whole. Returns whether it is done. */
    private boolean serve(SocketChannel ch, Request r) {
        boolean counted = mark != Long.MIN_VALUE && r.accepted >= mark;
        try {
            int n = ch.read(r.in);
            if (n < 0 || !r.in.hasRemaining()) {
                httpFailed += counted ? 1 : 0;
                ch.close();
                return true;
            }
            if (!endOfHeaders(r.in)) {
                return false;
            }
            ByteBuffer out = ByteBuffer.wrap(RESPONSE);
            while (out.hasRemaining()) {
                if (ch.write(out) == 0) {
                    Thread.onSpinWait();
                }
            }
            if (counted) {
                httpAnswered++;
                answers.add(System.nanoTime() - r.accepted);
            }
            ch.close();
            return true;
        } catch (IOException e) {
            httpFailed += counted ? 1 : 0;
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            return true;
        }
    }

    private static boolean endOfHeaders(ByteBuffer b) {
        int p = b.position();
        return p >= 4 && b.get(p - 4) == '\r' && b.get(p - 3) == '\n' && b.get(p - 2) == '\r' && b.get(p - 1) == '\n';
    }

    private void report() {
        long now = System.nanoTime();
        if (mark == Long.MIN_VALUE) {
            System.out.println("no window: send mark first");
            System.out.flush();
            return;
        }
        double window = (now - mark) / 1e9;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "window %.1f s%n", window));
        lateness(sb, "TCP_CHECK", tcp.v, tcp.n, periodNanos);
        lateness(sb, "HTTP_GET", http.v, http.n, periodNanos);
        long[] all = Arrays.copyOf(tcp.v, tcp.n + http.n);
        System.arraycopy(http.v, 0, all, tcp.n, http.n);
        lateness(sb, "all", all, all.length, periodNanos);
        int[] seen = new int[2];
        int[] stale = new int[2];
        for (int i = 0; i < last.length; i++) {
            int k = i < tcpCount ? 0 : 1;
            if (last[i] >= mark) {
                seen[k]++;
            }
            if (last[i] == Long.MIN_VALUE || now - last[i] > 2 * periodNanos) {
                stale[k]++;
            }
        }
        sb.append(String.format(Locale.ROOT, "ports probed in window: TCP_CHECK %d/%d, HTTP_GET %d/%d%n",
                seen[0], tcpCount, seen[1], httpCount));
        sb.append(String.format(Locale.ROOT, "ports without a probe in the last %d ms: TCP_CHECK %d, HTTP_GET %d%n",
                2 * periodNanos / 1_000_000, stale[0], stale[1]));
        sb.append(String.format(Locale.ROOT, "connections in window: TCP_CHECK %d (%.0f/s), HTTP_GET %d (%.0f/s), "
                + "HTTP answered %d, HTTP failed %d%n", tcpConnections, tcpConnections / window, httpConnections,
                httpConnections / window, httpAnswered, httpFailed));
        if (answers.n > 0) {
            long[] a = Arrays.copyOf(answers.v, answers.n);
            Arrays.sort(a);
            sb.append(String.format(Locale.ROOT, "HTTP answer time (accepted to response written) ms p50 %.3f p99 %.3f "
                    + "max %.3f%n", quantile(a, 0.5) / 1e6, quantile(a, 0.99) / 1e6, a[a.length - 1] / 1e6));
        }
        long cpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        sb.append(String.format(Locale.ROOT, "listener process: CPU %.1f s since start, longest selector round in "
                + "window %.2f ms%n", cpu / 1e9, longestRoundNanos / 1e6));
        System.out.print(sb);
        System.out.println("end");
        System.out.flush();
    }

    /**
     * Appends {@code KIND intervals N lateness_ms p50 .. p90 .. p99 .. p99.9 .. max .. min ..}: the lateness of each
     * interval is the interval minus the period.
     */
    static void lateness(StringBuilder sb, String kind, long[] v, int n, long periodNanos) {
        if (n == 0) {
            sb.append(kind).append(" intervals 0\n");
            return;
        }
        long[] s = Arrays.copyOf(v, n);
        Arrays.sort(s);
        sb.append(String.format(Locale.ROOT, "%s intervals %d lateness_ms p50 %.3f p90 %.3f p99 %.3f p99.9 %.3f "
                + "max %.3f min %.3f%n", kind, n, (quantile(s, 0.50) - periodNanos) / 1e6,
                (quantile(s, 0.90) - periodNanos) / 1e6, (quantile(s, 0.99) - periodNanos) / 1e6,
                (quantile(s, 0.999) - periodNanos) / 1e6, (s[n - 1] - periodNanos) / 1e6,
                (s[0] - periodNanos) / 1e6));
    }

    /** The q quantile (nearest rank) of sorted values. */
    static long quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
