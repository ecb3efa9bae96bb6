package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.FulcrumProcess.Daemon;
import io.fulcrum.cli.FulcrumProcess.Run;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: {@code fulcrum run} as a process, driven by {@code fulcrum ipvsadm} processes
 * over the control socket; every listing compared in full, byte for byte, with the text ipvsadm 1.31 prints
 * (written from its printf formats).
 */
class IpvsadmDaemonIT {

    static final String HEADER = "IP Virtual Server version 1.2.1 (size=4096)\n";
    static final String TITLE = "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n";

    static final String FULL = HEADER + TITLE
            + "TCP  192.168.10.100:80 wlc\n"
            + "  -> 10.0.0.11:80                 Route   1      0          0         \n"
            + "  -> 10.0.0.12:80                 Route   2      0          0         \n"
            + "TCP  192.168.10.100:443 rr persistent 360 mask 255.255.255.0\n"
            + "  -> 10.0.0.11:443                Masq    1      0          0         \n"
            + "UDP  192.168.10.101:53 sh (sh-fallback,sh-port)\n"
            + "  -> 10.0.0.21:53                 Tunnel  1      0          0         \n"
            + "  -> 10.0.0.22:53                 Tunnel  3      0          0         \n"
            + "TCP  [2001:db8::80]:80 wlc\n"
            + "  -> [2001:db8::a0]:80            Masq    1      0          0         \n"
            + "FWM  5 wrr\n"
            + "  -> 10.0.0.31:0                  Route   1      0          0         \n";

    /** The rows of --stats and --rate alike while no traffic has passed: every counter and rate is 0. */
    static final String ZERO_ROWS =
            "TCP  192.168.10.100:80                   0        0        0        0        0\n"
            + "  -> 10.0.0.11:80                        0        0        0        0        0\n"
            + "  -> 10.0.0.12:80                        0        0        0        0        0\n"
            + "TCP  192.168.10.100:443                  0        0        0        0        0\n"
            + "  -> 10.0.0.11:443                       0        0        0        0        0\n"
            + "UDP  192.168.10.101:53                   0        0        0        0        0\n"
            + "  -> 10.0.0.21:53                        0        0        0        0        0\n"
            + "  -> 10.0.0.22:53                        0        0        0        0        0\n"
            + "TCP  [2001:db8::80]:80                   0        0        0        0        0\n"
            + "  -> [2001:db8::a0]:80                   0        0        0        0        0\n"
            + "FWM  5                                   0        0        0        0        0\n"
            + "  -> 10.0.0.31:0                         0        0        0        0        0\n";

    static final String STATS = HEADER
            + "Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n"
            + "  -> RemoteAddress:Port\n" + ZERO_ROWS;

    static final String RATE = HEADER
            + "Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n"
            + "  -> RemoteAddress:Port\n" + ZERO_ROWS;

    static final String TUN_INFO = "Prot LocalAddress:Port Scheduler Flags\n"
            + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n"
            + "UDP  192.168.10.101:53 sh (sh-fallback,sh-port)\n"
            + "  -> 10.0.0.21:53                 Tunnel  ipip          1      0          0         \n"
            + "  -> 10.0.0.22:53                 Tunnel  gue:6080:+c   3      0          0         \n";

    static final String SAVED = """
            -A -t 192.168.10.100:80 -s wlc
            -a -t 192.168.10.100:80 -r 10.0.0.11:80 -g -w 1
            -a -t 192.168.10.100:80 -r 10.0.0.12:80 -g -w 2
            -A -t 192.168.10.100:443 -s rr -p 360 -M 255.255.255.0
            -a -t 192.168.10.100:443 -r 10.0.0.11:443 -m -w 1
            -A -u 192.168.10.101:53 -s sh -b sh-fallback,sh-port
            -a -u 192.168.10.101:53 -r 10.0.0.21:53 -i -w 1 --tun-type ipip
            -a -u 192.168.10.101:53 -r 10.0.0.22:53 -i -w 3 --tun-type gue --tun-port 6080 --tun-csum
            -A -t [2001:db8::80]:80 -s wlc
            -a -t [2001:db8::80]:80 -r [2001:db8::a0]:80 -m -w 1
            -A -f 5 -s wrr
            -a -f 5 -r 10.0.0.31:0 -g -w 1
            """;

    static final String NO_CONNECTIONS = "IPVS connection entries\n"
            + "pro expire state       source             virtual            destination\n";

    @TempDir
    Path dir;

    private final List<Daemon> started = new ArrayList<>();

    @AfterEach
    void stopDaemons() throws InterruptedException {
        for (Daemon d : started) {
            d.stop();
        }
    }

    private Path config(String text) throws java.io.IOException {
        Path f = dir.resolve("keepalived.conf");
        Files.writeString(f, text);
        return f;
    }

    private Daemon daemon(String name, Path config, Path socket, String... more) throws Exception {
        Daemon d = Daemon.start(dir, name, config, socket, more);
        started.add(d);
        return d;
    }

    private Run ipvsadm(Path socket, String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("ipvsadm", "--socket", socket.toString()));
        all.addAll(List.of(args));
        return FulcrumProcess.run(stdin, all.toArray(String[]::new));
    }

    /** Runs and expects success with nothing on stderr; returns stdout. */
    private String ok(Path socket, String... args) throws Exception {
        Run r = ipvsadm(socket, "", args);
        assertThat(r.err()).as(String.join(" ", args)).isEmpty();
        assertThat(r.code()).as(String.join(" ", args)).isZero();
        return r.out();
    }

    private void refused(Path socket, int code, String stderr, String... args) throws Exception {
        Run r = ipvsadm(socket, "", args);
        assertThat(r.err()).as(String.join(" ", args)).isEqualTo(stderr);
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(code);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void ipvsadmDrivesTheRunningTable() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = daemon("d", config("global_defs {\n    router_id e2e\n    lvs_timeouts tcp 7200 tcpfin 60 udp 120\n"
                + "}\n"), sock).awaitReady();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");

        assertThat(ok(sock, "-Ln")).isEqualTo(HEADER + TITLE);
        assertThat(ok(sock, "-L", "--timeout")).isEqualTo("Timeout (tcp tcpfin udp): 7200 60 120\n");
        assertThat(ok(sock, "-L", "--daemon")).isEmpty();

        ok(sock, "-A", "-t", "192.168.10.100:80", "-s", "wlc");
        ok(sock, "-a", "-t", "192.168.10.100:80", "-r", "10.0.0.11:80", "-g", "-w", "1");
        ok(sock, "-a", "-t", "192.168.10.100:80", "-r", "10.0.0.12:80", "-w", "2");
        ok(sock, "-A", "-t", "192.168.10.100:443", "-s", "rr", "-p", "-M", "255.255.255.0");
        ok(sock, "-a", "-t", "192.168.10.100:443", "-r", "10.0.0.11", "-m");
        ok(sock, "--add-service", "--udp-service", "192.168.10.101:53", "--scheduler", "sh", "-b",
                "sh-fallback,sh-port");
        ok(sock, "-a", "-u", "192.168.10.101:53", "-r", "10.0.0.21", "-i");
        ok(sock, "-a", "-u", "192.168.10.101:53", "-r", "10.0.0.22", "-i", "-w", "3", "--tun-type", "gue",
                "--tun-port", "6080", "--tun-csum");
        ok(sock, "-A", "-f", "5", "-s", "wrr");
        ok(sock, "-a", "-f", "5", "-r", "10.0.0.31");
        ok(sock, "-A", "-t", "[2001:db8::80]:80");
        ok(sock, "-a", "-t", "[2001:db8::80]:80", "-r", "[2001:db8::a0]:80", "-m");

        assertThat(ok(sock, "-Ln")).isEqualTo(FULL);
        assertThat(ok(sock, "-L")).as("no names are resolved: -L is -Ln").isEqualTo(FULL);
        assertThat(ok(sock, "-Ln", "--stats")).isEqualTo(STATS);
        assertThat(ok(sock, "-Ln", "--rate")).isEqualTo(RATE);
        assertThat(ok(sock, "-Ln", "--tun-info", "-u", "192.168.10.101:53")).isEqualTo(TUN_INFO);
        assertThat(ok(sock, "-lnc")).isEqualTo(NO_CONNECTIONS);
        String saved = ok(sock, "-S", "-n");
        assertThat(saved).isEqualTo(SAVED);

        // the kernel's refusals, in ipvsadm's words
        refused(sock, 255, "Service already exists\n", "-A", "-t", "192.168.10.100:80", "-s", "rr");
        refused(sock, 255, "Destination already exists\n", "-a", "-t", "192.168.10.100:80", "-r", "10.0.0.11");
        refused(sock, 255, "No such service\n", "-E", "-t", "10.9.9.9:80");
        refused(sock, 255, "No such service\n", "-D", "-t", "10.9.9.9:80");
        refused(sock, 255, "Service not defined\n", "-a", "-t", "10.9.9.9:80", "-r", "10.0.0.1");
        refused(sock, 255, "No such destination\n", "-e", "-t", "192.168.10.100:80", "-r", "10.0.0.99");
        refused(sock, 255, "No such destination\n", "-d", "-t", "192.168.10.100:80", "-r", "10.0.0.99");
        refused(sock, 255, "Scheduler or persistence engine not found\n", "-A", "-t", "10.9.9.9:80", "-s", "nope");
        refused(sock, 255, "No such service\n", "-Z", "-t", "10.9.9.9:80");
        refused(sock, 1, "No such service\n", "-L", "-n", "-t", "10.9.9.9:80");
        refused(sock, 255, "Numerical result out of range\n", "-a", "-t", "192.168.10.100:80", "-r", "10.0.0.13",
                "-w", "70000");
        // bad arguments never reach the daemon: ipvsadm's message and status
        refused(sock, 2, "Illegal 'weight' option with the 'add-service' command\n", "-A", "-t", "10.0.0.1:80",
                "-w", "5");
        refused(sock, 2, "You need to supply the 'real-server' option for the 'add-server' command\n", "-a", "-t",
                "10.0.0.1:80");
        refused(sock, 2, "Zero port specified for non-persistent service\n", "-A", "-t", "10.0.0.1");
        refused(sock, 255, IpvsadmDaemonIT.TRY_HELP, "--frobnicate");
        assertThat(ok(sock, "-Ln")).as("refusals changed nothing").isEqualTo(FULL);

        // edits
        ok(sock, "-E", "-t", "192.168.10.100:80", "-s", "rr");
        ok(sock, "-e", "-t", "192.168.10.100:80", "-r", "10.0.0.12:80", "-m", "-w", "5", "-x", "100", "-y", "50");
        ok(sock, "-d", "-t", "192.168.10.100:80", "-r", "10.0.0.11:80");
        assertThat(ok(sock, "-L", "-n", "-t", "192.168.10.100:80")).isEqualTo("Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
                + "TCP  192.168.10.100:80 rr\n"
                + "  -> 10.0.0.12:80                 Masq    5      0          0         \n");
        assertThat(ok(sock, "-L", "-n", "--thresholds", "-t", "192.168.10.100:80")).isEqualTo(
                "Prot LocalAddress:Port            Uthreshold Lthreshold ActiveConn InActConn \n"
                + "  -> RemoteAddress:Port\n"
                + "TCP  192.168.10.100:80 rr\n"
                + "  -> 10.0.0.12:80                 100        50         0          0         \n");
        ok(sock, "-D", "-t", "192.168.10.100:443");
        assertThat(ok(sock, "-Ln")).doesNotContain("192.168.10.100:443").doesNotContain("10.0.0.11");

        // counters and timeouts
        ok(sock, "-Z");
        ok(sock, "-Z", "-t", "192.168.10.100:80");
        ok(sock, "--set", "100", "0", "30");
        assertThat(ok(sock, "-L", "--timeout")).isEqualTo("Timeout (tcp tcpfin udp): 100 60 30\n");

        // clear, then restore what -S wrote: the same table again
        ok(sock, "-C");
        assertThat(ok(sock, "-Ln")).isEqualTo(HEADER + TITLE);
        Run restore = ipvsadm(sock, saved, "-R");
        assertThat(restore.err()).isEmpty();
        assertThat(restore.code()).isZero();
        assertThat(ok(sock, "-Ln")).isEqualTo(FULL);
        assertThat(ok(sock, "-S", "-n")).isEqualTo(SAVED);

        // -R stops at the first failure, as ipvsadm does; earlier lines stay applied
        Run partial = ipvsadm(sock, "-A -f 6 -s rr\n-A -f 5 -s rr\n-A -f 7 -s rr\n", "-R");
        assertThat(partial.err()).isEqualTo("Service already exists\n");
        assertThat(partial.code()).isEqualTo(255);
        assertThat(ok(sock, "-S", "-n")).contains("-A -f 6 -s rr\n").doesNotContain("-f 7");

        assertThat(d.signal("TERM")).isZero();
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(d.errors()).isEmpty();
    }

    static final String TRY_HELP = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";

    @Test
    void withoutADaemonTheSocketTriedIsNamed() throws Exception {
        Path sock = dir.resolve("none.sock");
        Run r = ipvsadm(sock, "", "-Ln");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("fulcrum ipvsadm: no Fulcrum daemon is running: control socket " + sock
                + " does not exist (start one with 'fulcrum run -f keepalived.conf', or give --socket PATH /"
                + " FULCRUM_SOCKET)\n");
        assertThat(ok(sock, "-v")).isEqualTo("ipvsadm v1.31 2019/12/24 (compiled with popt and IPVS v1.2.1)\n");
    }

    @Test
    void oneDaemonPerSocketAndSignalsStopItCleanly() throws Exception {
        Path sock = dir.resolve("f.sock");
        Path conf = config("global_defs {\n    router_id e2e\n}\n");
        Daemon first = daemon("first", conf, sock).awaitReady();
        Daemon second = daemon("second", conf, sock);
        assertThat(second.process().waitFor()).isEqualTo(1);
        assertThat(second.errors()).isEqualTo("fulcrum run: another Fulcrum daemon is already running on control"
                + " socket " + sock + " (it holds " + sock + ".lock); stop it first, or give this one another"
                + " --socket PATH\n");
        assertThat(ok(sock, "-Ln")).as("the first still serves").isEqualTo(HEADER + TITLE);

        assertThat(first.signal("INT")).isZero();
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dir.resolve("f.sock.lock"))).isFalse();
        assertThat(first.log()).contains(": Stopping (signal)\n").contains(": Removed control socket " + sock + "\n")
                .endsWith(": Stopped\n");
    }

    @Test
    void aStaleSocketLeftByAKilledDaemonIsReplaced() throws Exception {
        Path sock = dir.resolve("f.sock");
        Path conf = config("global_defs {\n    router_id e2e\n}\n");
        Daemon killed = daemon("killed", conf, sock).awaitReady();
        assertThat(killed.signal("KILL")).isEqualTo(137);
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).as("left behind").isTrue();
        Run stale = ipvsadm(sock, "", "-Ln");
        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).startsWith("fulcrum ipvsadm: no Fulcrum daemon is answering on control socket " + sock);

        Daemon next = daemon("next", conf, sock).awaitReady();
        assertThat(next.log()).contains("Replacing stale control socket " + sock);
        assertThat(ok(sock, "-Ln")).isEqualTo(HEADER + TITLE);
        assertThat(next.signal("TERM")).isZero();
    }

    @Test
    void aConfigurationWithErrorsStillStartsAndAnUnreadableOneDoesNot() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = daemon("d", config("global_defs {\n    no_such_keyword 1\n}\n"), sock).awaitReady();
        assertThat(d.errors()).contains(dir.resolve("keepalived.conf") + ":2:5: error:");
        assertThat(d.log()).contains("VRRP: no vrrp_instance configured");
        Run status = FulcrumProcess.run("", "status", "--socket", sock.toString());
        assertThat(status.code()).isZero();
        assertThat(status.out()).isEqualTo("VRRP is not running in this daemon (no vrrp_instance configured, or"
                + " started with --check)\n");
        Run json = FulcrumProcess.run("", "status", "--json", "--socket", sock.toString());
        assertThat(json.out()).isEqualTo("{\"vrrp\":{\"running\":false,\"instances\":[]},\"dataplane\":{\"running\":false,"
                + "\"interfaces\":[],\"workers\":0,\"services\":[],\"received\":0,\"forwarded\":0,\"drops\":{},"
                + "\"frameErrors\":{}}}\n");
        assertThat(d.signal("TERM")).isZero();
        Run gone = FulcrumProcess.run("", "status", "--socket", sock.toString());
        assertThat(gone.code()).isEqualTo(1);
        assertThat(gone.err()).startsWith("fulcrum status: no Fulcrum daemon is running: control socket " + sock);

        Run missing = FulcrumProcess.run("", "run", "-f", dir.resolve("missing.conf").toString(), "--socket",
                sock.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("fulcrum run: cannot read configuration");
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void anUnwritableSocketDirectoryIsAClearError() throws Exception {
        Files.writeString(dir.resolve("plainfile"), "");
        Path sock = dir.resolve("plainfile/f.sock");
        Run r = FulcrumProcess.run("", "run", "-f", config("").toString(), "--socket", sock.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("fulcrum run: cannot create the directory " + dir.resolve("plainfile")
                + " for the control socket " + sock).contains("--socket PATH");
    }

    /**
     * The table built from keepalived.conf's virtual servers, then changed with ipvsadm like the kernel's; DR and
     * NAT virtual servers are served as a table only ({@code --dataplane none}).
     */
    @Test
    void virtualServersFromTheConfigurationAreServedAndIpvsadmChangesThem() throws Exception {
        Path sock = dir.resolve("f.sock");
        Daemon d = daemon("d", config("""
                global_defs {
                    router_id e2e
                }
                virtual_server 192.168.10.100 80 {
                    protocol TCP
                    lvs_sched wlc
                    lvs_method DR
                    real_server 10.0.0.11 80 {
                        weight 1
                    }
                    real_server 10.0.0.12 80 {
                        weight 2
                    }
                }
                virtual_server 192.168.10.100 443 {
                    protocol TCP
                    lvs_sched rr
                    lvs_method NAT
                    persistence_timeout 360
                    persistence_granularity 255.255.255.0
                    real_server 10.0.0.11 443 {
                        weight 1
                    }
                }
                virtual_server fwmark 5 {
                    lvs_sched wrr
                    lvs_method DR
                    real_server 10.0.0.31 0 {
                        weight 1
                    }
                }
                """), sock, "--dataplane", "none").awaitReady();
        assertThat(d.log()).contains(": Forwarding is off (--dataplane none): the table is served, no traffic is"
                + " forwarded\n");
        assertThat(d.log()).contains(": Virtual server table: 3 service(s), 4 real server(s)\n");
        String fromConfig = HEADER + TITLE
                + "TCP  192.168.10.100:80 wlc\n"
                + "  -> 10.0.0.11:80                 Route   1      0          0         \n"
                + "  -> 10.0.0.12:80                 Route   2      0          0         \n"
                + "TCP  192.168.10.100:443 rr persistent 360 mask 255.255.255.0\n"
                + "  -> 10.0.0.11:443                Masq    1      0          0         \n"
                + "FWM  5 wrr\n"
                + "  -> 10.0.0.31:0                  Route   1      0          0         \n";
        assertThat(ok(sock, "-Ln")).isEqualTo(fromConfig);
        refused(sock, 255, "Service already exists\n", "-A", "-f", "5");
        ok(sock, "-e", "-f", "5", "-r", "10.0.0.31", "-w", "0");
        ok(sock, "-a", "-f", "5", "-r", "10.0.0.32");
        assertThat(ok(sock, "-L", "-n", "-f", "5")).isEqualTo(TITLE
                + "FWM  5 wrr\n"
                + "  -> 10.0.0.31:0                  Route   0      0          0         \n"
                + "  -> 10.0.0.32:0                  Route   1      0          0         \n");
        assertThat(d.signal("TERM")).isZero();
    }
}
