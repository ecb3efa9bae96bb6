package io.fulcrum.cli.ipvsadm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import io.fulcrum.control.IpvsSnapshot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class IpvsadmSessionTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(FakeChannel daemon, String stdin, String... args) {
        IpvsadmSession s = new IpvsadmSession(daemon, new PrintWriter(out), new PrintWriter(err),
                new IpvsadmTexts("USAGE\n", "VERSION\n"));
        return s.execute(((IpvsadmCommand.Ok) IpvsadmParser.parse(args)).command(), () -> stdin);
    }

    private static FakeChannel daemon(Function<ControlRequest, ControlResponse> f) {
        return new FakeChannel(f);
    }

    private static final IpvsSnapshot.AddressKey WEB =
            new IpvsSnapshot.AddressKey(IpvsSnapshot.Protocol.TCP, IpAddress.parse("10.0.0.1"), 80);

    private static IpvsSnapshot oneService() {
        return new IpvsSnapshot(4096, List.of(new IpvsSnapshot.Service(WEB, "rr", IpvsSnapshot.SchedFlags.NONE,
                IpvsSnapshot.Persistence.none(IpvsSnapshot.Family.INET), false, IpvsSnapshot.Counters.ZERO,
                IpvsSnapshot.Counters.ZERO, List.of())), List.of());
    }

    @Test
    void changesBecomeRequests() {
        FakeChannel d = daemon(r -> ControlResponse.done());
        assertThat(run(d, "", "-A", "-t", "10.0.0.1:80", "-s", "rr")).isZero();
        assertThat(run(d, "", "-d", "-t", "10.0.0.1:80", "-r", "10.0.1.1")).isZero();
        assertThat(run(d, "", "--set", "10", "0", "30")).isZero();
        assertThat(run(d, "", "-Z")).isZero();
        assertThat(d.requests).containsExactly(
                new ControlRequest.AddService(new io.fulcrum.control.ServiceSpec(WEB, "rr",
                        IpvsSnapshot.SchedFlags.NONE, IpvsSnapshot.Persistence.none(IpvsSnapshot.Family.INET), false)),
                new ControlRequest.DeleteServer(WEB, IpAddress.parse("10.0.1.1"), 80),
                new ControlRequest.SetTimeouts(10, 0, 30),
                new ControlRequest.Zero(Optional.empty()));
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void listingsAreFormattedHere() {
        FakeChannel d = daemon(r -> switch (r) {
            case ControlRequest.GetTable g -> new ControlResponse.Ok(new ControlResponse.Table(oneService()));
            case ControlRequest.GetTimeouts g -> new ControlResponse.Ok(new ControlResponse.Timeouts(900, 120, 300));
            default -> ControlResponse.error(Errno.EINVAL, "unexpected");
        });
        assertThat(run(d, "", "-Ln")).isZero();
        assertThat(run(d, "", "-S", "-n")).isZero();
        assertThat(run(d, "", "-L", "--timeout")).isZero();
        assertThat(run(d, "", "-Lnc")).isZero();
        assertThat(out.toString()).isEqualTo("""
                IP Virtual Server version 1.2.1 (size=4096)
                Prot LocalAddress:Port Scheduler Flags
                  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
                TCP  10.0.0.1:80 rr
                -A -t 10.0.0.1:80 -s rr
                Timeout (tcp tcpfin udp): 900 120 300
                IPVS connection entries
                pro expire state       source             virtual            destination
                """);
        assertThat(d.requests).containsExactly(new ControlRequest.GetTable(Optional.empty(), false),
                new ControlRequest.GetTable(Optional.empty(), false), new ControlRequest.GetTimeouts(),
                new ControlRequest.GetTable(Optional.empty(), true));
    }

    @Test
    void theDaemonListingPrintsNothingButNeedsADaemon() {
        FakeChannel d = daemon(r -> ControlResponse.done());
        assertThat(run(d, "", "-L", "--daemon")).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(d.opened).isEqualTo(1);
    }

    @Test
    void restoreAppliesLineByLineAndStopsAtTheFirstFailure() {
        FakeChannel d = daemon(r -> r instanceof ControlRequest.AddServer
                ? ControlResponse.error(Errno.ESRCH, "no") : ControlResponse.done());
        String input = """
                # saved
                -A -t 10.0.0.1:80 -s rr
                ipvsadm -A -u 10.0.0.1:53 -s wrr
                -a -t 10.0.0.9:80 -r 10.0.1.1:80 -m -w 1
                -A -t 10.0.0.2:80 -s rr
                """;
        assertThat(run(d, input, "-R")).isEqualTo(255);
        assertThat(err.toString()).isEqualTo("Service not defined\n");
        assertThat(d.requests).hasSize(3);
    }

    @Test
    void restoreStopsAtABadLineWithIpvsadmsMessage() {
        FakeChannel d = daemon(r -> ControlResponse.done());
        assertThat(run(d, "-A -t 10.0.0.1:80\n-A -t 10.0.0.2:80 -w 3\n-C\n", "-R")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("Illegal 'weight' option with the 'add-service' command\n");
        assertThat(d.requests).hasSize(1);
    }

    @Test
    void restoreInsideRestoreIsRefusedAsIpvsadmDoes() {
        FakeChannel d = daemon(r -> ControlResponse.done());
        assertThat(run(d, "-C\n-R\n-C\n", "-R")).isEqualTo(255);
        assertThat(err.toString()).isEqualTo(IpvsadmParser.TRY_HELP);
        assertThat(d.requests).containsExactly(new ControlRequest.Clear());
    }

    @Test
    void helpInsideRestoreEndsItWithStatusZero() {
        FakeChannel d = daemon(r -> ControlResponse.done());
        assertThat(run(d, "-C\n-h\n-C\n", "-R")).isZero();
        assertThat(out.toString()).isEqualTo("USAGE\n");
        assertThat(d.requests).hasSize(1);
    }

    @Test
    void aDaemonSideFailureIsNamedAsSuch() {
        FakeChannel d = daemon(r -> ControlResponse.error(Errno.EIO, "internal error: x"));
        assertThat(run(d, "", "-C")).isEqualTo(255);
        assertThat(err.toString()).isEqualTo("fulcrum ipvsadm: the daemon could not answer: internal error: x\n");
    }

    @Test
    void anUnreachableDaemonIsReportedWithStatusOne() {
        IpvsadmSession.Channel gone = new IpvsadmSession.Channel() {
            @Override
            public void open() throws IpvsadmSession.ChannelException {
                throw new IpvsadmSession.ChannelException("no Fulcrum daemon is running: control socket /x");
            }

            @Override
            public ControlResponse call(ControlRequest request) throws IpvsadmSession.ChannelException {
                open();
                return null;
            }
        };
        IpvsadmSession s = new IpvsadmSession(gone, new PrintWriter(out), new PrintWriter(err),
                new IpvsadmTexts("USAGE\n", "VERSION\n"));
        assertThat(s.execute(new IpvsadmCommand.Clear(), () -> "")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fulcrum ipvsadm: no Fulcrum daemon is running: control socket /x\n");
        assertThat(s.execute(new IpvsadmCommand.Version(), () -> "")).isZero();
        assertThat(out.toString()).isEqualTo("VERSION\n");
    }
}
