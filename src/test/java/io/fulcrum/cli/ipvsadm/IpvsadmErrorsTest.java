package io.fulcrum.cli.ipvsadm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the client prints for a refusal, against ipvsadm 1.31 itself: libipvs-strerror.txt was captured from the
 * real ipvsadm with a shim whose IPVS calls fail with a given errno ({@code errno|args|exit|stderr}).
 */
class IpvsadmErrorsTest {

    record Capture(int errno, List<String> args, int exit, String stderr) {
    }

    static List<Capture> captures() throws IOException {
        try (InputStream in = IpvsadmErrorsTest.class.getResourceAsStream("/ipvsadm/libipvs-strerror.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> l.split("\\|", 4))
                    .map(f -> new Capture(Integer.parseInt(f[0]), Arrays.asList(f[1].split(" ")),
                            Integer.parseInt(f[2]), f[3]))
                    .toList();
        }
    }

    static Errno errno(int number) {
        return Arrays.stream(Errno.values()).filter(e -> e.number() == number).findFirst()
                .orElseThrow(() -> new AssertionError("errno " + number + " is not in Errno"));
    }

    @Test
    void everyCapturedRefusalPrintsWhatIpvsadmPrinted() throws IOException {
        List<Capture> captures = captures();
        assertThat(captures).hasSize(132);
        for (Capture c : captures) {
            IpvsadmCommand command = ((IpvsadmCommand.Ok) IpvsadmParser.parse(c.args())).command();
            Errno errno = errno(c.errno());
            String printed;
            int exit;
            if (command instanceof IpvsadmCommand.StartDaemon || command instanceof IpvsadmCommand.StopDaemon) {
                // Fulcrum has no sync daemon to refuse these yet; the table is what a future daemon will print
                printed = IpvsadmErrors.message(command instanceof IpvsadmCommand.StartDaemon
                        ? IpvsadmErrors.Operation.START_DAEMON : IpvsadmErrors.Operation.STOP_DAEMON, errno) + "\n";
                exit = IpvsadmSession.REFUSED;
            } else {
                StringWriter err = new StringWriter();
                FakeChannel daemon = new FakeChannel(r -> ControlResponse.error(errno, "refused by the test"));
                IpvsadmSession s = new IpvsadmSession(daemon, new PrintWriter(new StringWriter()),
                        new PrintWriter(err), new IpvsadmTexts("usage", "version"));
                exit = s.execute(command, () -> "");
                printed = err.toString();
                assertThat(daemon.requests).as(c.toString()).hasSize(1);
            }
            assertThat(printed).as(c.toString()).isEqualTo(c.stderr() + "\n");
            assertThat(exit).as(c.toString()).isEqualTo(c.exit());
        }
    }

    @Test
    void listingAMissingServiceIsIpvsadmsNoSuchServiceWithStatusOne() {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        IpvsadmSession s = new IpvsadmSession(new FakeChannel(r -> ControlResponse.error(Errno.ESRCH, "gone")),
                new PrintWriter(out), new PrintWriter(err), new IpvsadmTexts("", ""));
        var list = ((IpvsadmCommand.Ok) IpvsadmParser.parse("-L", "-t", "1.1.1.1:80")).command();
        assertThat(s.execute(list, () -> "")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("No such service\n");
        assertThat(out.toString()).isEmpty();
        assertThat(Optional.of(list)).containsInstanceOf(IpvsadmCommand.ListTable.class);
    }
}
