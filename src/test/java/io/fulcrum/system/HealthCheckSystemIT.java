package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.lab.Netns;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seeds' second test on a lab: a director running {@code fulcrum run}, two real servers with nginx (HTTP and
 * HTTPS with a self-signed certificate), a services host with dnsmasq, OpenSMTPD and a sorry server, and a client.
 * Stopping a real server's nginx takes it out of the table within delay_loop + retry x delay_before_retry +
 * connect_timeout (+1 s), restarting it brings it back as fast, an alert reaches the SMTP server, and with every
 * real server down the sorry server is in the table and answers the client through the virtual address.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthCheckSystemIT {

    static final String VIP = "10.77.0.100";
    /** delay_loop 2 + retry 1 x delay_before_retry 1 + connect_timeout 1, plus 1 s. */
    static final Duration BOUND = Duration.ofSeconds(2 + 1 + 1 + 1);
    static final String PAGE1 = "This is Real Server1\n";
    static final String PAGE2 = "This is Real Server2\n";

    private SystemLab lab;
    private Netns client;
    private Nginx rs1;
    private Nginx rs2;
    private Dnsmasq dns;
    private OpenSmtpd smtp;
    private Fulcrum director;

    @BeforeAll
    void lab() throws Exception {
        lab = SystemLab.create();
        Netns dir = lab.host("dir", "10.77.0.2/24");
        dir.ip("addr", "add", VIP + "/24", "dev", "eth0");
        client = lab.host("client", "10.77.0.3/24");
        Netns h1 = lab.host("rs1", "10.77.0.11/24");
        Netns h2 = lab.host("rs2", "10.77.0.12/24");
        Netns svc = lab.host("svc", "10.77.0.20/24");
        rs1 = Nginx.start(lab, h1, "nginx1", "10.77.0.11", PAGE1, true);
        rs2 = Nginx.start(lab, h2, "nginx2", "10.77.0.12", PAGE2, true);
        dns = Dnsmasq.start(lab, svc, "10.77.0.20", "www.example.test", "10.77.0.11");
        smtp = OpenSmtpd.start(lab, svc, "10.77.0.20");
        lab.start(svc, "sorry", Fulcrum.java("backend", "--listen", "10.77.0.20:8080", "--text", "Sorry, under maintenance"));
        Path check = lab.dir().resolve("check.sh");
        Files.writeString(check, "#!/bin/sh\nexec curl -skf --max-time 1 -o /dev/null https://$1/\n");
        Files.setPosixFilePermissions(check, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = lab.dir().resolve("keepalived.conf");
        Files.writeString(conf, config(md5(PAGE1), check));
        director = Fulcrum.run(lab, dir, "fulcrum", conf);
    }

    @AfterAll
    void down() throws Exception {
        if (director != null) {
            director.stop();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static String config(String digest, Path check) {
        String timing = "            connect_timeout 1\n            retry 1\n            delay_before_retry 1\n";
        return """
                global_defs {
                    router_id LVS_SYS
                    notification_email {
                        admin@example.test
                    }
                    notification_email_from fulcrum@example.test
                    smtp_server 10.77.0.20 25
                    smtp_connect_timeout 5
                }
                virtual_server %1$s 80 {
                    delay_loop 2
                    lvs_sched rr
                    lvs_method FNAT
                    protocol TCP
                    smtp_alert
                    sorry_server 10.77.0.20 8080
                    real_server 10.77.0.11 80 {
                        weight 1
                        smtp_alert
                        HTTP_GET {
                            url {
                                path /index.html
                                digest %2$s
                            }
                %3$s        }
                    }
                    real_server 10.77.0.12 80 {
                        weight 1
                        TCP_CHECK {
                %3$s        }
                    }
                }
                virtual_server %1$s 443 {
                    delay_loop 2
                    lvs_sched rr
                    lvs_method FNAT
                    protocol TCP
                    real_server 10.77.0.11 443 {
                        SSL_GET {
                            url {
                                path /index.html
                                digest %2$s
                            }
                %3$s        }
                    }
                    real_server 10.77.0.12 443 {
                        MISC_CHECK {
                            misc_path "%4$s 10.77.0.12"
                            misc_timeout 3
                        }
                    }
                }
                virtual_server %1$s 53 {
                    delay_loop 2
                    lvs_sched rr
                    lvs_method FNAT
                    protocol UDP
                    real_server 10.77.0.20 53 {
                        DNS_CHECK {
                            type A
                            name www.example.test
                %3$s        }
                    }
                }
                """.formatted(VIP, digest, timing, check);
    }

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String rs(String address) {
        return "  -> " + String.format("%-28s", address) + " FNAT";
    }

    /** Polls {@code ipvsadm -Ln} until {@code ok} holds; returns how long it took, or fails after {@code limit}. */
    Duration await(String what, Predicate<String> ok, Duration limit) throws Exception {
        long start = System.nanoTime();
        String last = "";
        while (System.nanoTime() - start < limit.toNanos() + Duration.ofSeconds(5).toNanos()) {
            last = director.ipvsadm("-Ln");
            if (ok.test(last)) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as(what + " (table:\n" + last + ")").isLessThanOrEqualTo(limit);
                return took;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + " did not happen within " + limit + ":\n" + last + "\n" + director.log());
    }

    @Test
    @Order(1)
    void everyCheckerPassesAtStartAndTheTableHoldsEveryRealServer() throws Exception {
        await("all real servers up", t -> t.contains(rs("10.77.0.11:80")) && t.contains(rs("10.77.0.12:80"))
                && t.contains(rs("10.77.0.11:443")) && t.contains(rs("10.77.0.12:443"))
                && t.contains(rs("10.77.0.20:53")), Duration.ofSeconds(10));
        // the table holds them from the start; the first checks (after 1 s and a random warmup) confirm it
        awaitLog("Remote Web server [10.77.0.11]:tcp:80 succeed on service.",
                "TCP connection to [10.77.0.12]:tcp:80 success.",
                "Remote Web server [10.77.0.11]:tcp:443 succeed on service.",
                "Misc check for [[10.77.0.12]:tcp:443 VS [10.77.0.100]:tcp:443] by [" + lab.dir().resolve("check.sh")
                        + "] succeeded.",
                "DNS_CHECK ([10.77.0.20]:udp:53) succeed on service.");
        assertThat(client.run("curl", "-s", "--max-time", "5", "http://" + VIP + "/")).isIn(PAGE1, PAGE2);
    }

    @Test
    @Order(2)
    void aStoppedRealServerLeavesWithinTheBoundAndComesBackWhenItStarts() throws Exception {
        rs1.kill();
        Duration gone = await("10.77.0.11 removed", t -> !t.contains(rs("10.77.0.11:80"))
                && !t.contains(rs("10.77.0.11:443")) && t.contains(rs("10.77.0.12:80")), BOUND);
        assertThat(director.log()).contains("Removing service [10.77.0.11]:tcp:80 from VS [10.77.0.100]:tcp:80");
        rs1.start();
        Duration back = await("10.77.0.11 back", t -> t.contains(rs("10.77.0.11:80")) && t.contains(rs("10.77.0.11:443")),
                BOUND);
        assertThat(director.log()).contains("Adding service [10.77.0.11]:tcp:80 to VS [10.77.0.100]:tcp:80");
        System.out.printf("removal %d ms, re-addition %d ms (bound %d ms)%n", gone.toMillis(), back.toMillis(),
                BOUND.toMillis());
        awaitMail("[LVS_SYS] Realserver [10.77.0.11]:tcp:80 of virtual server [10.77.0.100]:tcp:80 - DOWN");
        awaitMail("[LVS_SYS] Realserver [10.77.0.11]:tcp:80 of virtual server [10.77.0.100]:tcp:80 - UP");
    }

    @Test
    @Order(3)
    void theDnsAndMiscCheckersFollowTheirServers() throws Exception {
        dns.kill();
        await("DNS server removed", t -> !t.contains(rs("10.77.0.20:53")), BOUND);
        dns.start();
        await("DNS server back", t -> t.contains(rs("10.77.0.20:53")), BOUND);
        rs2.kill();
        // the script's curl gives up after 1 s: misc_timeout is not reached
        await("MISC_CHECK takes 10.77.0.12:443 out", t -> !t.contains(rs("10.77.0.12:443")), BOUND.plusSeconds(1));
        rs2.start();
        await("10.77.0.12 back", t -> t.contains(rs("10.77.0.12:443")) && t.contains(rs("10.77.0.12:80")), BOUND);
    }

    @Test
    @Order(4)
    void withEveryRealServerDownTheSorryServerIsInTheTableAndAnswers() throws Exception {
        rs1.kill();
        rs2.kill();
        await("sorry server in", t -> t.contains(rs("10.77.0.20:8080")) && !t.contains(rs("10.77.0.11:80"))
                && !t.contains(rs("10.77.0.12:80")), BOUND);
        assertThat(client.run("curl", "-s", "--max-time", "5", "http://" + VIP + "/"))
                .isEqualTo("Sorry, under maintenance\n");
        assertThat(director.log()).contains("Lost quorum 1-0=1 > 0 for VS [10.77.0.100]:tcp:80",
                "Adding sorry server [10.77.0.20]:tcp:8080 to VS [10.77.0.100]:tcp:80");
        rs2.start();
        await("sorry server out", t -> !t.contains(rs("10.77.0.20:8080")) && t.contains(rs("10.77.0.12:80")), BOUND);
        assertThat(client.run("curl", "-s", "--max-time", "5", "http://" + VIP + "/")).isEqualTo(PAGE2);
        awaitMail("[LVS_SYS] Virtualserver [10.77.0.100]:tcp:80 - DOWN");
    }

    private void awaitLog(String... lines) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            String log = director.log();
            if (java.util.Arrays.stream(lines).allMatch(log::contains)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(director.log()).contains(lines);
    }

    private void awaitMail(String subject) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<String> mails = List.of();
        while (System.nanoTime() < deadline) {
            mails = smtp.messages();
            if (mails.stream().anyMatch(m -> m.contains("Subject: " + subject + "\r\n")
                    || m.contains("Subject: " + subject + "\n"))) {
                assertThat(mails.stream().filter(m -> m.contains(subject)).findFirst().orElseThrow())
                        .contains("X-Mailer: Keepalived", "From: fulcrum@example.test", "To: admin@example.test");
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no mail with subject " + subject + " among " + mails.size() + ":\n"
                + String.join("\n----\n", mails));
    }
}
