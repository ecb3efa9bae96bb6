package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.FulcrumProcess.Daemon;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkers pointed at what is broken, on loopback: a closed port, a server that does not speak HTTP, a TLS server
 * whose certificate the configured CA did not sign, a missing script, a script that is not executable, and an
 * SMTP server nobody runs. Each gives its keepalived-shaped line, its real server leaves the table, and the
 * daemon goes on answering.
 */
class HealthCheckFaultsIT {

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl %s", cmd).isZero();
    }

    /** A server that answers every connection with a line that is not HTTP, then closes. */
    private int notHttp() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeables.add(s);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
                    out.write("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed at the end of the test, or a client that went away
                }
            }
        });
        return s.getLocalPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void brokenServersAndScriptsAreLoggedAndTakenOutAndTheDaemonGoesOn() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=server", "-keyout",
                dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString());
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=another CA",
                "-keyout", dir.resolve("ca-key.pem").toString(), "-out", dir.resolve("ca.pem").toString());
        int tls = closedPort();
        processes.add(new ProcessBuilder("openssl", "s_server", "-quiet", "-www", "-cert",
                dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-accept",
                "127.0.0.1:" + tls).redirectErrorStream(true).redirectOutput(dir.resolve("tls.log").toFile()).start());
        Path notExecutable = dir.resolve("check.sh");
        Files.writeString(notExecutable, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        int closed = closedPort();
        int garbage = notHttp();
        int vip = closedPort();
        Path conf = dir.resolve("keepalived.conf");
        String each = "            connect_timeout 1\n            log_all_failures\n";
        Files.writeString(conf, """
                global_defs {
                    router_id FAULTS
                    notification_email {
                        admin@example.test
                    }
                    smtp_server 127.0.0.1 %1$d
                    smtp_connect_timeout 2
                }
                SSL {
                    ca %2$s
                }
                virtual_server 127.0.0.1 %3$d {
                    delay_loop 2
                    lvs_sched rr
                    lvs_method FNAT
                    protocol TCP
                    real_server 127.0.0.1 %1$d {
                        TCP_CHECK {
                %4$s        }
                    }
                    real_server 127.0.0.1 %5$d {
                        HTTP_GET {
                            url {
                                path /
                            }
                %4$s        }
                    }
                    real_server 127.0.0.1 %6$d {
                        SSL_GET {
                            url {
                                path /
                            }
                %4$s        }
                    }
                    real_server 127.0.0.2 %3$d {
                        MISC_CHECK {
                            misc_path "%7$s"
                        }
                    }
                    real_server 127.0.0.3 %3$d {
                        MISC_CHECK {
                            misc_path "%8$s"
                        }
                    }
                }
                """.formatted(closed, dir.resolve("ca.pem"), vip, each, garbage, tls, dir.resolve("missing.sh"),
                notExecutable));
        Daemon d = Daemon.start(dir, "d", conf, dir.resolve("f.sock")).awaitReady();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String table = "";
            while (System.nanoTime() < deadline) {
                table = FulcrumProcess.run("", "ipvsadm", "--socket", d.socket().toString(), "-Ln").out();
                if (table.endsWith("TCP  127.0.0.1:" + vip + " rr\n") && d.log().contains("Lost quorum")) {
                    break;
                }
                Thread.sleep(250);
            }
            // every real server is out, the daemon still answers
            assertThat(table).endsWith("TCP  127.0.0.1:" + vip + " rr\n");
            String log = d.log();
            assertThat(log).contains(
                    "TCP_CHECK on service [127.0.0.1]:tcp:" + closed + " failed.",
                    "HTTP_CHECK on service [127.0.0.1]:tcp:" + garbage + " failed.",
                    "HTTP_CHECK on service [127.0.0.1]:tcp:" + tls + " failed.",
                    "Misc check for [[127.0.0.2]:tcp:" + vip + " VS [127.0.0.1]:tcp:" + vip + "] by ["
                            + dir.resolve("missing.sh") + "] failed (Script " + dir.resolve("missing.sh")
                            + " cannot be accessed - No such file or directory).",
                    "Misc check for [[127.0.0.3]:tcp:" + vip + " VS [127.0.0.1]:tcp:" + vip + "] by ["
                            + notExecutable + "] failed (WARNING - script '" + notExecutable
                            + "' is not executable for uid:gid",
                    "Removing service [127.0.0.1]:tcp:" + tls + " from VS [127.0.0.1]:tcp:" + vip,
                    "Lost quorum 1-0=1 > 0 for VS [127.0.0.1]:tcp:" + vip,
                    "SMTP connection ERROR to [127.0.0.1]:" + closed + ".");
            // the failures' own lines, which log_all_failures shows, name the cause
            assertThat(log.lines().filter(l -> l.contains(":" + tls) && !l.contains("HTTP_CHECK on service")
                    && !l.contains("ing service")).toList()).as("TLS failure lines").isNotEmpty();
            assertThat(d.process().isAlive()).isTrue();
            assertThat(d.errors()).doesNotContain("Exception");
        } finally {
            assertThat(d.signal("TERM")).isZero();
        }
    }
}
