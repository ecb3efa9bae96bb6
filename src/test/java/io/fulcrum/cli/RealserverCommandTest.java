package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum realserver} in-process: help and every argument error. Nothing here may succeed in changing the
 * host (the tests run in the root namespace): each command line is refused before any change, or is a stop without
 * state. The changes themselves are tested in namespaces (io.fulcrum.realserver's kernel tests).
 */
class RealserverCommandTest {

    @TempDir
    Path dir;

    private CliRunner run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void helpDescribesStartAndStop() {
        CliRunner r = run("realserver", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: fulcrum realserver", "start", "stop", "arp_ignore=1", "arp_announce=2",
                "/run/fulcrum/realserver/VIP.json", "CAP_NET_ADMIN");
        CliRunner start = run("realserver", "start", "--help");
        assertThat(start.code()).isZero();
        assertThat(start.out()).contains("Usage: fulcrum realserver start", "--vip=VIP", "--dev=DEV", "--decap",
                "--decap-dev=NAME", "--state-dir=DIR", "fulcrum-ipip0", "(default: lo)");
        CliRunner stop = run("realserver", "stop", "--help");
        assertThat(stop.code()).isZero();
        assertThat(stop.out()).contains("Usage: fulcrum realserver stop", "--vip=VIP", "--state-dir=DIR");
        assertThat(run("help", "realserver").out()).isEqualTo(r.out());
        assertThat(run("realserver").out()).as("without a subcommand: the usage").isEqualTo(r.out());
    }

    private static void assertUsageError(CliRunner r, String command, String message) {
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("fulcrum realserver " + command + ": " + message)
                .contains("Try 'fulcrum realserver " + command + " --help' for usage.")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingVipIsAUsageError() {
        assertUsageError(run("realserver", "start"), "start", "Missing required option: '--vip=VIP'");
        assertUsageError(run("realserver", "stop"), "stop", "Missing required option: '--vip=VIP'");
    }

    @Test
    void aBadVipIsNamed() {
        assertUsageError(run("realserver", "start", "--vip", "300.1.2.3", "--state-dir", dir.toString()), "start",
                "--vip '300.1.2.3': not an IPv4 or IPv6 address");
        assertUsageError(run("realserver", "stop", "--vip", "vip.example.com", "--state-dir", dir.toString()), "stop",
                "--vip 'vip.example.com': not an IPv4 or IPv6 address");
        assertUsageError(run("realserver", "start", "--vip", "224.0.0.18"), "start",
                "--vip '224.0.0.18': a VIP is a unicast address, not a multicast one");
        assertUsageError(run("realserver", "start", "--vip", "::"), "start",
                "--vip '::': a VIP is a unicast address, not the unspecified one");
        assertUsageError(run("realserver", "stop", "--vip", "127.0.0.1"), "stop",
                "--vip '127.0.0.1': a VIP is a unicast address, not a loopback one");
    }

    @Test
    void anUnknownDeviceIsNamed() {
        assertUsageError(run("realserver", "start", "--vip", "192.0.2.10", "--dev", "no-such-if0", "--state-dir",
                dir.toString()), "start", "--dev 'no-such-if0': there is no network interface of that name");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void decapOptionsAreChecked() {
        assertUsageError(run("realserver", "start", "--vip", "2001:db8::10", "--decap", "--dev", "no-such-if0"),
                "start", "--decap needs an IPv4 --vip ('2001:db8::10' is IPv6)");
        assertUsageError(run("realserver", "start", "--vip", "192.0.2.10", "--decap-dev", "tun7", "--dev",
                "no-such-if0"), "start", "--decap-dev 'tun7' needs --decap");
        assertUsageError(run("realserver", "start", "--vip", "192.0.2.10", "--decap", "--decap-dev",
                "a-name-far-too-long", "--dev", "no-such-if0"), "start",
                "--decap-dev 'a-name-far-too-long': an interface name is 1 to 15 characters");
    }

    @Test
    void stopWithoutStateSaysSoAndChangesNothing() throws IOException {
        CliRunner r = run("realserver", "stop", "--vip", "192.0.2.10", "--state-dir", dir.resolve("none").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).isEqualTo("fulcrum realserver stop: no state for VIP 192.0.2.10 ("
                + dir.resolve("none/192.0.2.10.json") + " does not exist): it was not started with 'fulcrum "
                + "realserver start --vip 192.0.2.10' using this state directory, or it was stopped already; nothing "
                + "was changed\n");
        assertThat(r.out()).isEmpty();
        assertThat(Files.exists(dir.resolve("none"))).isFalse();
    }

    @Test
    void aDamagedStateFileIsNamed() throws IOException {
        Files.writeString(dir.resolve("192.0.2.10.json"), "not json");
        CliRunner r = run("realserver", "stop", "--vip", "192.0.2.10", "--state-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("fulcrum realserver stop: the state file " + dir.resolve("192.0.2.10.json")
                + " is not valid");
        assertThat(dir.resolve("192.0.2.10.json")).hasContent("not json");
    }
}
