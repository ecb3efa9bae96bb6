package io.fulcrum.lab;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's hands on existing namespaces, by name (a lab outlives the command that built it, so later commands
 * only have names): {@code ip -n}, {@code ip netns exec}, detached programs, MAC addresses, process checks.
 */
public final class LabShell {

    private static final Pattern MAC = Pattern.compile("link/ether ([0-9a-f:]{17})");

    private LabShell() {
    }

    /** {@code ip -n NS ARGS...}; its output. */
    public static String ip(String ns, String... args) throws LabException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return Commands.run(cmd);
    }

    public static String ip(String ns, List<String> args) throws LabException {
        return ip(ns, args.toArray(String[]::new));
    }

    /** Runs {@code cmd} in {@code ns} to its end; its output, or a failure with its error output. */
    public static String exec(String ns, String... cmd) throws LabException {
        return Commands.run(inNamespace(ns, List.of(cmd)));
    }

    /** Runs {@code cmd} in {@code ns} to its end, whatever its exit code. */
    static Commands.Result execResult(String ns, List<String> cmd) throws LabException {
        return Commands.result(inNamespace(ns, cmd));
    }

    static List<String> inNamespace(String ns, List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(cmd);
        return all;
    }

    /**
     * Starts {@code cmd} in {@code ns} detached from this process (a session of its own, input from /dev/null,
     * output appended to {@code log}): it keeps running after this command ends. Returns its pid.
     */
    public static long startDetached(String ns, List<String> cmd, Path log) throws LabException {
        List<String> all = new ArrayList<>(List.of("setsid"));
        all.addAll(inNamespace(ns, cmd));
        try {
            Process p = new ProcessBuilder(all).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return p.pid();
        } catch (IOException e) {
            throw new LabException("cannot start " + String.join(" ", cmd) + " in " + ns + ": " + e.getMessage()
                    + " (setsid comes with util-linux, ip with iproute2)");
        }
    }

    /** Whether process {@code pid} is alive (for a process just started: it may not have entered its namespace yet). */
    static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether process {@code pid} is alive and in namespace {@code ns} (so not a stranger that reused its pid). */
    public static boolean alive(long pid, String ns) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            return Commands.run(List.of("ip", "netns", "identify", Long.toString(pid))).lines()
                    .anyMatch(l -> l.strip().equals(ns));
        } catch (LabException e) {
            return false;
        }
    }

    /**
     * Ends process {@code pid} (and its children) if it is alive in {@code ns}: SIGTERM, or SIGKILL when
     * {@code hard}; waits up to {@code waitSeconds} for it to go, then kills it. Returns whether it was running.
     */
    public static boolean stop(long pid, String ns, boolean hard, long waitSeconds) throws InterruptedException {
        if (!alive(pid, ns)) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty()) {
            return false;
        }
        List<ProcessHandle> children = h.get().descendants().toList();
        if (hard) {
            children.forEach(ProcessHandle::destroyForcibly);
            h.get().destroyForcibly();
        } else {
            h.get().destroy();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (h.get().isAlive()) {
            if (System.nanoTime() > deadline) {
                h.get().destroyForcibly();
                break;
            }
            Thread.sleep(20);
        }
        children.forEach(ProcessHandle::destroyForcibly);
        return true;
    }

    /** The MAC address of {@code ifname} in {@code ns}. */
    public static String mac(String ns, String ifname) throws LabException {
        Matcher m = MAC.matcher(ip(ns, "-o", "link", "show", "dev", ifname));
        if (!m.find()) {
            throw new LabException(ifname + " in " + ns + " has no MAC address");
        }
        return m.group(1);
    }

    /** The network namespaces that exist now. */
    public static List<String> namespaces() throws LabException {
        return Commands.run(List.of("ip", "netns", "list")).lines().map(l -> l.split("\\s+", 2)[0])
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Whether {@code ns} has {@code address} on any interface. */
    public static boolean hasAddress(String ns, String address) throws LabException {
        return ip(ns, "-o", "-4", "addr", "show").contains(" " + address + "/");
    }

    /** Writes a sysctl inside {@code ns} (through /proc/sys: no procps needed). */
    public static void sysctl(String ns, String key, String value) throws LabException {
        String path = "/proc/sys/" + key.replace('.', '/');
        exec(ns, "sh", "-c", "printf '%s\\n' \"$1\" > \"$2\"", "sysctl", value, path);
    }

    /** Whether {@code program} is on the PATH. */
    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** The size of a file now (0 when missing): where a restarted process's new output begins. */
    public static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What a file holds from byte {@code from} on ("" when missing). */
    public static String readFrom(Path file, long from) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            int start = (int) Math.min(Math.max(0, from), all.length);
            return new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
