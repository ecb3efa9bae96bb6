package io.fulcrum.nativeio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Test helper: two network namespaces, {@code <run prefix><tag>a} and {@code ...b}, joined by a veth pair whose ends
 * are both called {@code eth0}, with 192.0.2.1/24 in A and 192.0.2.2/24 in B (a documentation range; traffic never
 * leaves the pair), IPv6 DAD off so the link-local addresses are usable at once, both ends up. Each namespace has a
 * {@link NamespaceThread}. {@link #close()} deletes both namespaces (and with them the veth pair). The root
 * namespace is never touched: the pair is created inside A with its peer placed in B. A shutdown hook deletes the
 * namespaces too when the JVM exits before {@link #close()}.
 */
final class NetnsPair implements AutoCloseable {

    static final String RUN_PREFIX = "fnio" + ProcessHandle.current().pid();
    static final String IF = "eth0";
    static final String A_ADDRESS = "192.0.2.1";
    static final String B_ADDRESS = "192.0.2.2";

    final String a;
    final String b;
    final NamespaceThread inA;
    final NamespaceThread inB;
    private final Thread cleanupOnExit;

    private NetnsPair(String a, String b, NamespaceThread inA, NamespaceThread inB) {
        this.a = a;
        this.b = b;
        this.inA = inA;
        this.inB = inB;
        this.cleanupOnExit = new Thread(() -> {
            deleteQuietly(a);
            deleteQuietly(b);
        }, "netns-cleanup-" + a);
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** Skips the calling test (JUnit assumption) unless the JVM runs as root and the ip program is present. */
    static void assumeRootAndIp() {
        Assumptions.assumeTrue(isRoot(), "kernel tests need root (network namespaces, raw sockets)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "kernel tests need the ip program (iproute2)");
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

    static NetnsPair create(String tag) throws Exception {
        String a = RUN_PREFIX + tag + "a";
        String b = RUN_PREFIX + tag + "b";
        deleteQuietly(a);
        deleteQuietly(b);
        List<NamespaceThread> threads = new ArrayList<>();
        try {
            run("ip", "netns", "add", a);
            run("ip", "netns", "add", b);
            for (String ns : List.of(a, b)) {
                run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0",
                        "net.ipv6.conf.all.accept_dad=0");
            }
            run("ip", "-n", a, "link", "add", IF, "type", "veth", "peer", "name", IF, "netns", b);
            run("ip", "-n", a, "addr", "add", A_ADDRESS + "/24", "dev", IF);
            run("ip", "-n", b, "addr", "add", B_ADDRESS + "/24", "dev", IF);
            for (String ns : List.of(a, b)) {
                run("ip", "-n", ns, "link", "set", "lo", "up");
                run("ip", "-n", ns, "link", "set", IF, "up");
            }
            threads.add(new NamespaceThread(a));
            threads.add(new NamespaceThread(b));
            NetnsPair pair = new NetnsPair(a, b, threads.get(0), threads.get(1));
            pair.awaitLinkLocal(a);
            pair.awaitLinkLocal(b);
            return pair;
        } catch (Exception | Error e) {
            for (NamespaceThread t : threads) {
                t.close();
            }
            deleteQuietly(a);
            deleteQuietly(b);
            throw e;
        }
    }

    /** Waits until eth0 of {@code ns} has a link-local IPv6 address that is not tentative. */
    private void awaitLinkLocal(String ns) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (linkLocal(ns).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no link-local address on " + IF + " in " + ns);
            }
            Thread.sleep(20);
        }
    }

    /** The link-local IPv6 address of eth0 in {@code ns}, or "" while there is none (or it is tentative). */
    static String linkLocal(String ns) throws Exception {
        String out = output("ip", "-n", ns, "-6", "-o", "addr", "show", "dev", IF, "scope", "link", "-tentative");
        for (String word : out.split("\\s+")) {
            if (word.startsWith("fe80:")) {
                return word.substring(0, word.indexOf('/'));
            }
        }
        return "";
    }

    /** Runs a command and fails with its output when it exits non-zero. */
    static void run(String... command) throws Exception {
        output(command);
    }

    /** Runs a command and returns its standard output; fails with its output when it exits non-zero. */
    static String output(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + ": timed out");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + ": " + out);
        }
        return out;
    }

    private static void deleteQuietly(String ns) {
        if (!Files.exists(Path.of("/var/run/netns", ns))) {
            return;
        }
        try {
            run("ip", "netns", "del", ns);
        } catch (Exception e) {
            // best effort: nothing more can be done here
        }
    }

    @Override
    public void close() {
        try {
            inA.close();
            inB.close();
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook deletes them too, deleting twice is harmless
        } finally {
            deleteQuietly(a);
            deleteQuietly(b);
        }
    }
}
