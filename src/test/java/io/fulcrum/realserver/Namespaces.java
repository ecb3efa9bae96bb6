package io.fulcrum.realserver;

import io.fulcrum.nativeio.NetnsThread;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: network namespaces this test creates ({@code frs<pid><tag><name>}, loopback up) and always deletes,
 * with threads inside them. The root namespace is never changed: links are created inside a namespace with their
 * peer placed in another. A shutdown hook deletes them too if the JVM ends first.
 */
final class Namespaces implements AutoCloseable {

    private static final String RUN_PREFIX = "frs" + ProcessHandle.current().pid();

    private final String tag;
    private final List<String> names = new ArrayList<>();
    private final List<NetnsThread> threads = new ArrayList<>();
    private final Thread cleanupOnExit;

    Namespaces(String tag) {
        this.tag = tag;
        this.cleanupOnExit = new Thread(this::deleteAll, "netns-cleanup-" + RUN_PREFIX + tag);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Skips the calling test unless the JVM runs as root and the ip and sysctl programs are there. */
    static void assumeRootAndIp() {
        Assumptions.assumeTrue(isRoot(), "kernel tests need root (network namespaces, raw sockets, TUN)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "kernel tests need the ip program (iproute2)");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/net/tun")), "kernel tests need /dev/net/tun");
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Creates namespace {@code name} (loopback up) and returns its full name. */
    String create(String name) throws Exception {
        String full = RUN_PREFIX + tag + name;
        deleteQuietly(full);
        run("ip", "netns", "add", full);
        names.add(full);
        run("ip", "-n", full, "link", "set", "lo", "up");
        return full;
    }

    /** A thread inside namespace {@code full}, closed with the rest. */
    NetnsThread thread(String full) throws Exception {
        NetnsThread t = NetnsThread.enter(full);
        threads.add(t);
        return t;
    }

    /** A veth pair: {@code ifA} in namespace {@code a} addressed {@code cidrA}, {@code ifB} in {@code b}; both up. */
    static void link(String a, String ifA, String cidrA, String b, String ifB, String cidrB) throws Exception {
        run("ip", "-n", a, "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b);
        run("ip", "-n", a, "addr", "add", cidrA, "dev", ifA);
        run("ip", "-n", b, "addr", "add", cidrB, "dev", ifB);
        run("ip", "-n", a, "link", "set", ifA, "up");
        run("ip", "-n", b, "link", "set", ifB, "up");
    }

    /** {@code sysctl -n KEY} inside namespace {@code ns}. */
    static String sysctl(String ns, String key) throws Exception {
        return output("ip", "netns", "exec", ns, "sysctl", "-n", key).strip();
    }

    /** {@code sysctl -w KEY=VALUE} inside namespace {@code ns}. */
    static void setSysctl(String ns, String key, String value) throws Exception {
        run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", key + "=" + value);
    }

    /** Every net.ipv4.conf parameter of namespace {@code ns}, one {@code key = value} line each, sorted. */
    static String ipv4Conf(String ns) throws Exception {
        return output("ip", "netns", "exec", ns, "sysctl", "-a", "-r", "^net\\.ipv4\\.conf\\.").lines().sorted()
                .reduce("", (x, y) -> x + y + "\n");
    }

    static void run(String... command) throws Exception {
        output(command);
    }

    /** Runs a command; returns its output, or fails with it when the command exits non-zero. */
    static String output(String... command) throws Exception {
        Result r = attempt(command);
        if (r.code() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": exit " + r.code() + ": " + r.out());
        }
        return r.out();
    }

    record Result(int code, String out) {
    }

    /** Runs a command to its end, whatever its exit code. */
    static Result attempt(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + ": timed out");
        }
        return new Result(p.exitValue(), out);
    }

    private static void deleteQuietly(String ns) {
        if (!Files.exists(Path.of("/var/run/netns", ns))) {
            return;
        }
        try {
            run("ip", "netns", "del", ns);
        } catch (Exception e) {
            // best effort
        }
    }

    private void deleteAll() {
        for (String n : names) {
            deleteQuietly(n);
        }
    }

    @Override
    public void close() {
        for (NetnsThread t : threads) {
            t.close();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // shutting down: the hook deletes them too
        }
        deleteAll();
    }
}
