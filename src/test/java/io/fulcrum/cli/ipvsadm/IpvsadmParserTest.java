package io.fulcrum.cli.ipvsadm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Failed;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Ok;
import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.Family;
import io.fulcrum.control.IpvsSnapshot.Forwarding;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.Protocol;
import io.fulcrum.control.IpvsSnapshot.TunnelChecksum;
import io.fulcrum.control.IpvsSnapshot.TunnelType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Errors and exit codes as the installed ipvsadm 1.31 prints them (checked with the real binary). */
class IpvsadmParserTest {

    private static IpvsadmCommand ok(String line) {
        var p = IpvsadmParser.parse(line.isBlank() ? new String[0] : line.split(" "));
        assertThat(p).as(line).isInstanceOf(Ok.class);
        return ((Ok) p).command();
    }

    private static Failed failed(String line) {
        var p = IpvsadmParser.parse(line.split(" "));
        assertThat(p).as(line).isInstanceOf(Failed.class);
        return (Failed) p;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -A -t 1.2.3.4                                   | Zero port specified for non-persistent service
            -A -t 1.2.3.4:0                                 | Zero port specified for non-persistent service
            -A                                              | You need to supply the 'service-address' option for the 'add-service' command
            -a -t 1.2.3.4:80                                | You need to supply the 'real-server' option for the 'add-server' command
            -d -t 1.2.3.4:80                                | You need to supply the 'real-server' option for the 'delete-server' command
            -A -t 1.2.3.4:80 -p 0                           | invalid timeout value `0' specified
            -A -t 1.2.3.4:80 -p abc                         | invalid timeout value `abc' specified
            -A -t 1.2.3.4:80 -p 2678401                     | invalid timeout value `2678401' specified
            -A -t 1.2.3.4:80 -w 3                           | Illegal 'weight' option with the 'add-service' command
            -A -t 1.2.3.4:80 -u 1.2.3.4:80                  | multiple 'service-address' options specified
            -A -L                                           | invalid option `-L'
            -A -t 1.2.3.4:80 -h                             | invalid option `-h'
            -A -t 1.2.3.4:80 extra                          | unexpected argument extra
            -A -t 1.2.3.4:80 -b foo                         | invalid scheduler flag `foo'
            -A -t 1.2.3.4:80 -b flag-1,sh-port              | incompatible scheduler flag `sh-port'
            -A -t 1.2.3.4:80 -s sh -b mh-port               | incompatible scheduler flag `mh-port'
            -a -t 1.2.3.4:80 -r 1.1.1.1 -x abc              | illegal u_threshold specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 -y abc              | illegal l_threshold specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 -w abc              | illegal weight specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 -w -1               | illegal weight specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 -w 99999999999      | illegal weight specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 --tun-type foo      | illegal tunnel type specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gue   | You need to supply the 'tun-port' option for the 'gue' tunnel type
            -a -t 1.2.3.4:80 -r 1.1.1.1 --tun-type ipip     | Tunnel options conflict with forward method
            -a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-port 5     | Illegal 'tun-port' option with the 'ipip' tunnel type
            -a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gre --tun-remcsum | Illegal 'tun-remcsum' option with the 'gre' tunnel type
            -a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gue --tun-port 5 --tun-nocsum --tun-csum | The option 'tun-csum' conflicts with the 'tun-nocsum' option in the 'gue' tunnel type
            -a -t 1.2.3.4:80 -r 1.1.1.1 -i --tun-type gue --tun-port 0 | illegal tunnel port specified
            -a -t 1.2.3.4:80 -r [::1]:80                    | Different address family is allowed only for tunneling servers
            -a -t 1.2.3.4:80 -r 1.1.1.1:99999               | illegal real server address[:port] specified
            -a -t 1.2.3.4:80 -r 1.1.1.1 -m -g               | multiple 'forwarding-method' options specified
            --set 1 2                                       | --set option requires 3 timeout values
            --set a b c                                     | invalid timeout value `a' specified
            --set 1 2 3 4                                   | unexpected argument 4
            --set 1 2 3 -n                                  | Illegal 'numeric' option with the 'set' command
            --start-daemon foo                              | illegal start-daemon parameter specified
            --stop-daemon foo                               | illegal start_daemon specified
            --start-daemon master --syncid 256              | illegal syncid specified
            --start-daemon master --sync-maxlen 65508       | illegal sync-maxlen specified
            --start-daemon master --mcast-group 1.2.3.4     | invalid IPv4 mcast-group `1.2.3.4'
            --start-daemon master --mcast-port 0            | illegal mcast-port specified
            --start-daemon master --mcast-ttl 256           | illegal mcast-ttl specified
            --stop-daemon master --mcast-interface x        | Illegal 'mcast-interface' option with the 'stop-daemon' command
            -L -c --stats                                   | options conflicts in the list command
            -L --timeout --stats                            | options conflicts in the list command
            -L --timeout --daemon                           | The option 'daemon' conflicts with the 'timeout' option in the 'list' command
            -L -t 1.2.3.4:80 -c                             | The option 'service-address' conflicts with the 'connection' option in the 'list' command
            -L -s rr                                        | Illegal 'scheduler' option with the 'list' command
            -L --stats --stats                              | multiple 'stats' options specified
            -S -n -n                                        | multiple 'numeric' options specified
            -S -t 1.2.3.4:80                                | Illegal 'service-address' option with the 'save' command
            -R -n                                           | Illegal 'numeric' option with the 'restore' command
            -C -t 1.2.3.4:80                                | Illegal 'service-address' option with the 'flush' command
            -D -t 1.2.3.4:80 -r 1.1.1.1                     | Illegal 'real-server' option with the 'delete-service' command
            -A -t 1.2.3.4:80 -x 1 -w 2 -r 1.1.1.1           | Illegal 'real-server' option with the 'add-service' command
            -A -t 1.2.3.4:80 -o                             | One-Packet Scheduling is only for UDP virtual services
            -A -t 1.2.3.4:80 --exact                        | Illegal 'exact' option with the 'add-service' command
            -A -t [2001:db8::1]:80 -M 129                   | illegal ipv6 netmask specified
            -A -t 1.2.3.4:80 -M abc                         | illegal virtual server persistent mask specified
            -A -f 0                                         | invalid fwmark value `0' specified
            -A -f -1                                        | invalid fwmark value `-1' specified
            -A -f 4294967296                                | invalid fwmark value `4294967296' specified
            -A -t 1.2.3.4:99999                             | illegal virtual server address[:port] specified
            -A -t [2001:db8::1]                             | illegal virtual server address[:port] specified
            -A -t :80                                       | illegal virtual server address[:port] specified
            -A -t 1.2.3.4:                                  | illegal virtual server address[:port] specified
            """)
    void errorsExitTwoWithIpvsadmsMessage(String line, String message) {
        Failed f = failed(line.strip());
        assertThat(f.stderr()).isEqualTo(message.strip() + "\n");
        assertThat(f.exitCode()).isEqualTo(2);
    }

    @Test
    void sixBeforeFwmarkHasItsExtraNewline() {
        assertThat(failed("-A -t 1.2.3.4:80 -6")).isEqualTo(new Failed("-6 used before -f\n\n", 2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -x
            --bogus
            -f 0 -A
            --sctp-service 1.2.3.4:80 -A
            extra
            """)
    void firstOptionNotACommandOnlySaysTryHelp(String line) {
        assertThat(failed(line.strip())).isEqualTo(new Failed(IpvsadmParser.TRY_HELP, 255));
    }

    @Test
    void poptErrorsAfterTheCommandNameTheOption() {
        assertThat(failed("-A --bogus")).isEqualTo(new Failed("--bogus: unknown option\n" + IpvsadmParser.TRY_HELP, 255));
        assertThat(failed("-A -t")).isEqualTo(new Failed("-t: missing argument\n" + IpvsadmParser.TRY_HELP, 255));
        assertThat(failed("-A -q")).isEqualTo(new Failed("-q: unknown option\n" + IpvsadmParser.TRY_HELP, 255));
        assertThat(failed("--set -1 2 3")).isEqualTo(new Failed("-1: unknown option\n" + IpvsadmParser.TRY_HELP, 255));
    }

    @Test
    void hostNamesAreRefusedAndNamed() {
        assertThat(failed("-A -t foo.invalid:80").stderr()).isEqualTo(
                "illegal virtual server address[:port] specified\n"
                        + "fulcrum: host and service names are not resolved: 'foo.invalid:80'\n");
        assertThat(failed("-A -t 1.2.3.4:http").stderr()).contains("'1.2.3.4:http'");
    }

    @Test
    void addServiceDefaults() {
        var c = (IpvsadmCommand.AddService) ok("-A -t 1.2.3.4:80");
        assertThat(c.service().key()).isEqualTo(new AddressKey(Protocol.TCP, IpAddress.parse("1.2.3.4"), 80));
        assertThat(c.service().scheduler()).isEqualTo("wlc");
        assertThat(c.service().persistence().timeout()).isZero();
        assertThat(c.service().persistence().netmask()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void persistentWithoutValueIs360AndWildcardPortAllowed() {
        var c = (IpvsadmCommand.AddService) ok("-A -t 1.2.3.4:0 -p -s rr");
        assertThat(c.service().persistence().timeout()).isEqualTo(360);
        assertThat(c.service().scheduler()).isEqualTo("rr");
        var e = (IpvsadmCommand.EditService) ok("-E -t 1.2.3.4:80 -p600 -M 255.255.255.0");
        assertThat(e.service().persistence().timeout()).isEqualTo(600);
        assertThat(e.service().persistence().netmask()).isEqualTo(0xFFFFFF00L);
        var l = (IpvsadmCommand.AddService) ok("--add-service --tcp-service=1.2.3.4:80 --persistent=2678400");
        assertThat(l.service().persistence().timeout()).isEqualTo(2678400);
    }

    @Test
    void clustersLongFormsAndIpv6() {
        assertThat(ok("-At 1.2.3.4:80")).isInstanceOf(IpvsadmCommand.AddService.class);
        assertThat(ok("-A -t1.2.3.4:80")).isInstanceOf(IpvsadmCommand.AddService.class);
        var v6 = (IpvsadmCommand.AddService) ok("-A -t [2001:db8::1]:80 -M 64");
        assertThat(v6.service().persistence().netmask()).isEqualTo(64);
        var bare = (IpvsadmCommand.AddService) ok("-A -t 2001:db8::1 -p");
        assertThat(((AddressKey) bare.service().key()).port()).isZero();
        assertThat(bare.service().persistence().netmask()).isEqualTo(128);
        var sctp = (IpvsadmCommand.AddService) ok("-A --sctp-service 1.2.3.4:80");
        assertThat(((AddressKey) sctp.service().key()).protocol()).isEqualTo(Protocol.SCTP);
    }

    @Test
    void fwmarkServicesAndSchedFlags() {
        var f = (IpvsadmCommand.AddService) ok("-A -f 5 -6 -o");
        assertThat(f.service().key()).isEqualTo(new FwmarkKey(5, Family.INET6));
        assertThat(f.service().onePacket()).isTrue();
        assertThat(((FwmarkKey) ((IpvsadmCommand.AddService) ok("-A -f 4294967295")).service().key()).mark())
                .isEqualTo(4294967295L);
        var sh = (IpvsadmCommand.AddService) ok("-A -u 1.2.3.4:53 -s sh -b sh-fallback,sh-port -o");
        assertThat(sh.service().schedFlags().bits()).isEqualTo(3);
        var pe = (IpvsadmCommand.AddService) ok("-A -u 1.2.3.4:5060 -p 30 --pe sip");
        assertThat(pe.service().persistence().peName()).isEqualTo("sip");
    }

    @Test
    void serverDefaultsAndPortRules() {
        var a = (IpvsadmCommand.AddServer) ok("-a -t 1.2.3.4:80 -r 5.6.7.8:8080");
        assertThat(a.server().forwarding()).isEqualTo(Forwarding.ROUTE);
        assertThat(a.server().weight()).isEqualTo(1);
        assertThat(a.server().port()).as("DR forces the service port").isEqualTo(80);
        var m = (IpvsadmCommand.AddServer) ok("-a -t 1.2.3.4:80 -r 5.6.7.8:8080 -m -w 0 -x 10 -y 5");
        assertThat(m.server().port()).isEqualTo(8080);
        assertThat(m.server().weight()).isZero();
        assertThat(m.server().upperThreshold()).isEqualTo(10);
        assertThat(m.server().lowerThreshold()).isEqualTo(5);
        var noPort = (IpvsadmCommand.AddServer) ok("-a -t 1.2.3.4:80 -r 5.6.7.8 -m");
        assertThat(noPort.server().port()).as("port defaults to the service's").isEqualTo(80);
        var w = (IpvsadmCommand.AddServer) ok("-a -t 1.2.3.4:80 -r 5.6.7.8 -w 70000");
        assertThat(w.server().weight()).isEqualTo(70000);
        var gue = (IpvsadmCommand.EditServer) ok("-e -t 1.2.3.4:80 -r 5.6.7.8 -i --tun-type gue --tun-port 6080 --tun-remcsum");
        assertThat(gue.server().tunnel()).hasValueSatisfying(t -> {
            assertThat(t.type()).isEqualTo(TunnelType.GUE);
            assertThat(t.port()).isEqualTo(6080);
            assertThat(t.checksum()).isEqualTo(TunnelChecksum.REMCSUM);
        });
        var tun6 = (IpvsadmCommand.AddServer) ok("-a -t 1.2.3.4:80 -r [2001:db8::2]:80 -i");
        assertThat(tun6.server().tunnel()).isPresent();
        var fnat = (IpvsadmCommand.AddServer) ok("-a -t 1.2.3.4:80 -r 5.6.7.8:81 --fullnat");
        assertThat(fnat.server().forwarding()).isEqualTo(Forwarding.FULLNAT);
        assertThat(fnat.server().port()).isEqualTo(81);
        var d = (IpvsadmCommand.DeleteServer) ok("-d -f 3 -r 5.6.7.8:81");
        assertThat(d.port()).isEqualTo(81);
    }

    @Test
    void listZeroSaveSetDaemonHelp() {
        var l = (IpvsadmCommand.ListTable) ok("-Ln --stats --rate --exact --nosort --sort");
        assertThat(l.options().numeric()).isTrue();
        assertThat(l.options().stats() && l.options().rate() && l.options().exact() && l.options().noSort()).isTrue();
        var c = (IpvsadmCommand.ListTable) ok("-lnc --persistent-conn");
        assertThat(c.options().mode()).isEqualTo(IpvsadmCommand.ListMode.CONNECTIONS);
        assertThat(((IpvsadmCommand.ListTable) ok("-L -t 1.2.3.4:80")).service()).isPresent();
        assertThat(((IpvsadmCommand.ListTable) ok("-L --timeout")).options().mode())
                .isEqualTo(IpvsadmCommand.ListMode.TIMEOUT);
        assertThat(ok("-Z")).isEqualTo(new IpvsadmCommand.Zero(java.util.Optional.empty()));
        assertThat(ok("-S -n")).isEqualTo(new IpvsadmCommand.Save(true));
        assertThat(ok("-C")).isEqualTo(new IpvsadmCommand.Clear());
        assertThat(ok("-R")).isEqualTo(new IpvsadmCommand.Restore());
        assertThat(ok("--set 900 120 300")).isEqualTo(new IpvsadmCommand.SetTimeouts(900, 120, 300));
        var sd = (IpvsadmCommand.StartDaemon) ok("--start-daemon backup --mcast-interface eth1 --syncid 3 --mcast-group 224.0.0.82 --mcast-port 8849 --mcast-ttl 2 --sync-maxlen 1400");
        assertThat(sd.state()).isEqualTo(IpvsadmCommand.SyncState.BACKUP);
        assertThat(sd.options().mcastInterface()).isEqualTo("eth1");
        assertThat(sd.options().syncId()).contains(3);
        assertThat(ok("--stop-daemon master --syncid 0")).isEqualTo(
                new IpvsadmCommand.StopDaemon(IpvsadmCommand.SyncState.MASTER, java.util.Optional.of(0)));
        assertThat(ok("-h -n")).isEqualTo(new IpvsadmCommand.Help());
        assertThat(ok("--version")).isEqualTo(new IpvsadmCommand.Version());
    }
}
