package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.ipvsadm.IpvsadmFormatter;
import io.fulcrum.common.IpAddress;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.IpvsSnapshot;
import io.fulcrum.control.IpvsSnapshot.Forwarding;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.conn.Direction;
import io.fulcrum.ipvs.conn.ScheduleResult;
import io.fulcrum.ipvs.conn.TcpFlags;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The live table with the real connection table: entries list as ipvsadm -lnc shows them, and expire. */
class LiveConnectionsTest {

    static final long SECOND = 1_000_000_000L;
    static final long T0 = 5_000 * SECOND;

    private final ConnectionTable connections = new ConnectionTable(ConnectionOptions.DEFAULT);
    private final LiveTable live = new LiveTable(new ServiceTable(new SchedulerFactory(() -> T0,
            () -> new SplittableRandom(1))), ConnectionPort.of(connections), "t", 1);

    private IpvsSnapshot table(long now) {
        ControlResponse r = live.apply(new ControlRequest.GetTable(Optional.empty(), true), now);
        return ((ControlResponse.Table) ((ControlResponse.Ok) r).payload()).snapshot();
    }

    @Test
    void liveEntriesListAsIpvsadmLncAndExpireOnTheLoopsTick() {
        live.apply(new ControlRequest.AddService(LiveTableTest.service(LiveTableTest.WEB, "rr")), T0);
        live.apply(new ControlRequest.AddServer(LiveTableTest.WEB,
                LiveTableTest.server("10.0.0.11", 80, Forwarding.MASQ, 1)), T0);
        ServiceKey key = TableMapping.key(LiveTableTest.WEB);
        var view = live.table().service(key).orElseThrow().view();
        ScheduleInput syn = new ScheduleInput(IpAddress.parse("203.0.113.7"), 51544,
                IpAddress.parse("192.168.10.100"), 80, Protocol.TCP);
        var scheduled = (ScheduleResult.Scheduled) connections.schedule(view, syn, T0);
        connections.onTcpPacket(scheduled.connection(), Direction.INPUT, TcpFlags.SYN, T0);

        IpvsSnapshot s = table(T0 + 10 * SECOND);
        assertThat(IpvsadmFormatter.connections(s, false)).isEqualTo("""
                IPVS connection entries
                pro expire state       source             virtual            destination
                TCP 00:50  SYN_RECV    203.0.113.7:51544  192.168.10.100:80  10.0.0.11:80
                """);
        var d = s.services().getFirst().destinations().getFirst();
        assertThat(d.activeConns() + d.inactiveConns()).as(d.toString()).isEqualTo(1);

        live.tick(T0 + 61 * SECOND);
        assertThat(table(T0 + 61 * SECOND).connections()).isEmpty();
        var after = table(T0 + 61 * SECOND).services().getFirst().destinations().getFirst();
        assertThat(after.activeConns() + after.inactiveConns()).isZero();
    }
}
