package io.fulcrum.ipvs.conn;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Persistence;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.SchedulingView;
import io.fulcrum.ipvs.ServiceKey;
import java.util.Optional;

/**
 * New connections: the kernel's ip_vs_schedule and, for persistent services, ip_vs_sched_persist with
 * ip_vs_check_template.
 *
 * <p>A persistent service first looks for the client's template, keyed by protocol (IP for a fwmark service
 * reached on another port than the service's, which is every fwmark packet), the client address masked by the
 * service's netmask, client port 0, the virtual address (the mark, for fwmark) and the virtual port (0 for port-0
 * and fwmark services, and for FTP, port 21, whose data connections use other ports). A template whose destination
 * was removed, or has weight 0 while expireQuiescentTemplate is on, is invalidated (it stays until it times out,
 * still counted in PersistConn, but no longer binds) and a new one is made from the scheduler's pick. The lookup,
 * that check, the creation and taking the template's reference happen under the template's segment lock, so
 * concurrent first packets of one client make one template and a template is never expired while it is being
 * used. The new connection then goes to the template's destination and the template's timer restarts with the
 * persistence timeout.
 */
final class ConnectionScheduler {

    private static final int FTP_PORT = 21;
    private static final int FIRST_TIMEOUT_SECONDS = 3;
    private static final long SECOND = 1_000_000_000L;
    private static final int TEMPLATE_MASK = Connection.PROTO_MASK | Connection.V6 | Connection.TEMPLATE;

    private final Entries entries;
    private final Transitions transitions;
    private final ConnectionOptions options;

    ConnectionScheduler(Entries entries, Transitions transitions, ConnectionOptions options) {
        this.entries = entries;
        this.transitions = transitions;
        this.options = options;
    }

    ScheduleResult schedule(SchedulingView view, ScheduleInput in, long now) {
        ServiceKey key = view.key();
        int servicePort = key instanceof ServiceKey.Inet inet ? inet.port() : 0;
        boolean onePacket = view.settings().onePacket() && in.protocol() == Protocol.UDP;
        Optional<Persistence> persistence = view.settings().persistence();
        if (persistence.isPresent()) {
            return persistent(view, in, persistence.get(), servicePort, onePacket, now);
        }
        if (key instanceof ServiceKey.Inet && in.destPort() != servicePort) {
            return ScheduleResult.NO_DESTINATION; // port 0 is only for persistent services
        }
        Optional<Destination> d = view.pick(in);
        if (d.isEmpty()) {
            return ScheduleResult.NO_DESTINATION;
        }
        Destination dest = d.get();
        int destPort = dest.port() != 0 ? dest.port() : in.destPort();
        return new ScheduleResult.Scheduled(create(view, in, dest, destPort, null, onePacket, now));
    }

    private ScheduleResult persistent(SchedulingView view, ScheduleInput in, Persistence p, int servicePort,
                                      boolean onePacket, long now) {
        IpAddress client = in.clientAddress();
        boolean v6 = client.isV6();
        long netHigh = Addr.maskHigh(v6, Addr.high(client), p.netmaskPrefix());
        long netLow = Addr.maskLow(v6, Addr.low(client), p.netmaskPrefix());
        int protocol = in.protocol().number();
        long vHigh = Addr.high(in.destAddress());
        long vLow = Addr.low(in.destAddress());
        int vPort = 0;
        boolean servicePortHit = in.destPort() == servicePort;
        if (servicePortHit) {
            vPort = servicePort != FTP_PORT ? in.destPort() : 0;
        } else if (view.key() instanceof ServiceKey.Fwmark f) {
            protocol = Connection.IP;
            long mark = f.mark() & 0xffffffffL;
            vHigh = v6 ? mark << 32 : 0;
            vLow = v6 ? 0 : mark;
        }
        int meta = protocol | (v6 ? Connection.V6 : 0) | Connection.TEMPLATE;
        int h = entries.hash().of(meta & (Connection.PROTO_MASK | Connection.V6), netHigh, netLow, 0);
        Segment segment = entries.segment(h);
        Connection template;
        synchronized (segment) {
            template = entries.find(TEMPLATE_MASK, meta, false, vHigh, vLow, vPort, netHigh, netLow, 0);
            if (template != null && !usable(template)) {
                invalidate(template);
                template = null;
            }
            if (template == null) {
                Optional<Destination> d = view.pick(in);
                if (d.isEmpty()) {
                    return ScheduleResult.NO_DESTINATION;
                }
                Destination dest = d.get();
                int tPort = servicePortHit && servicePort != FTP_PORT ? dest.port() : 0;
                int seconds = p.timeoutSeconds();
                template = new Connection(meta | destFamily(dest), netHigh, netLow, 0, vHigh, vLow, vPort,
                        Addr.high(dest.address()), Addr.low(dest.address()), tPort, dest, view.stats(), null,
                        Connection.withTimeout(0, seconds), now + seconds * SECOND);
                dest.bindTemplate();
                segment.insert(template, h, now);
            }
            template.addControlled(1);
            transitions.rearmTemplate(template, now);
        }
        Destination dest = template.destination();
        int destPort = in.destPort() == servicePort && dest.port() != 0 ? dest.port() : in.destPort();
        return new ScheduleResult.Scheduled(create(view, in, dest, destPort, template, onePacket, now));
    }

    /** ip_vs_check_template: the destination is still there and, if asked, not quiesced. */
    private boolean usable(Connection template) {
        Destination d = template.destination();
        return d.available() && !(options.expireQuiescentTemplate() && d.weight() == 0);
    }

    private static void invalidate(Connection template) {
        for (;;) {
            int s = template.status();
            if (template.casStatus(s, s | Connection.INVALID)) {
                return;
            }
        }
    }

    private Connection create(SchedulingView view, ScheduleInput in, Destination dest, int destPort,
                              Connection template, boolean onePacket, long now) {
        IpAddress client = in.clientAddress();
        int meta = in.protocol().number() | (client.isV6() ? Connection.V6 : 0) | destFamily(dest)
                | (onePacket ? Connection.ONE_PACKET : 0);
        ForwardingMethod fwd = dest.settings().forwarding();
        boolean noOutput = fwd == ForwardingMethod.ROUTE || fwd == ForwardingMethod.TUNNEL
                || fwd == ForwardingMethod.LOCAL;
        int status = Connection.withTimeout(Connection.INACTIVE | (noOutput ? Connection.NO_OUTPUT : 0),
                FIRST_TIMEOUT_SECONDS);
        Connection c = new Connection(meta, Addr.high(client), Addr.low(client), in.clientPort(),
                Addr.high(in.destAddress()), Addr.low(in.destAddress()), in.destPort(), Addr.high(dest.address()),
                Addr.low(dest.address()), destPort, dest, view.stats(), template, status,
                now + FIRST_TIMEOUT_SECONDS * SECOND);
        dest.bindConnection(false);
        view.stats().connection();
        dest.stats().connection();
        if (onePacket) {
            Entries.release(c, c.markDead()); // never kept: the kernel frees it after its one packet
        } else {
            entries.insert(c, now);
        }
        return c;
    }

    private static int destFamily(Destination d) {
        return d.address().isV6() ? Connection.DEST_V6 : 0;
    }
}
