package io.fulcrum.system;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * keepalived 2.2.7 (Debian's) as a VRRP-only peer in a namespace: foreground, console log with detail, no syslog,
 * pid files of its own so several can run on one host.
 */
final class Keepalived implements Director {

    private final Process process;
    private final Path log;

    private Keepalived(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Keepalived start(SystemLab lab, Netns ns, String name, String config) throws LabException, IOException {
        Path conf = lab.dir().resolve(name + ".conf");
        Files.writeString(conf, config);
        Path dir = lab.dir();
        Process p = lab.start(ns, name, List.of("keepalived", "--vrrp", "--dont-fork", "--log-console",
                "--log-detail", "--no-syslog", "--use-file=" + conf,
                "--pid=" + dir.resolve(name + ".pid"), "--vrrp_pid=" + dir.resolve(name + "-vrrp.pid"),
                "--checkers_pid=" + dir.resolve(name + "-check.pid")));
        return new Keepalived(p, lab.log(name));
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGKILL of the parent and its VRRP child: nothing of keepalived's shutdown runs. */
    @Override
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: keepalived resigns (priority-0 advert) and removes its addresses. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
