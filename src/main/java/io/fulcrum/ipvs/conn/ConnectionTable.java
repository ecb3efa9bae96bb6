package io.fulcrum.ipvs.conn;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.SchedulingView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * IPVS's connection table (ip_vs_conn.c with the TCP/UDP state handling of ip_vs_proto_*.c and the scheduling
 * entry points of ip_vs_core.c). Time is always passed in, as monotonic nanoseconds.
 *
 * <p>How a data plane uses it. The packet engine (DR/NAT/TUN): for a client packet {@link #findInbound}; if none,
 * {@link #schedule} on the service's {@link SchedulingView}; if one, {@link #admit} it; then forward, count with
 * {@link Connection#inbound} and report it with {@link #onTcpPacket} (direction INPUT) or {@link #onUdpPacket}.
 * NAT replies: {@link #findOutbound}, {@link Connection#outbound}, {@link #onTcpPacket} with OUTPUT. The proxy:
 * {@link #schedule} for an accepted client, then {@link #onProxyEvent} for socket events and relayed data. Both
 * register an {@link ExpiryListener} to close flows whose entry expired. The daemon calls {@link #expire} often
 * (every 100 ms or so) and {@link #list} for ipvsadm -lnc.
 *
 * <p>Concurrency: any number of data plane threads schedule, look up and report while one daemon thread expires
 * and lists. Lookups take no lock and allocate nothing; inserts, removals and timer moves lock one of 64 segments;
 * state changes are compare-and-set on the entry (see {@link Segment}, {@link Transitions}, {@link Entries}).
 *
 * <p>Where the kernel and the usual write-ups differ we follow the kernel (Linux 6.x):
 * <ul>
 * <li>SYN_SENT, SYN_RECV and SYNACK count as active, besides ESTABLISHED (tcp_state_active, Linux 4.9).</li>
 * <li>A new connection starts inactive (INACTIVE comes from the destination's conn_flags), in state NONE with a 3 s
 *     timer until its first packet is reported; UDP entries stay inactive.</li>
 * <li>An ACK in state NONE leads to ESTABLISHED; a packet with none of SYN/FIN/ACK/RST leads to CLOSE.</li>
 * <li>A template lives for the persistence timeout after its last use; when it comes due while it still controls
 *     connections it is kept 60 s more, and that 60 s becomes its timeout from then on (ip_vs_conn_expire's
 *     expire_later), so affinity outlasts the last connection by at most 60 s once it has been extended.</li>
 * <li>expire_nodest_conn: a packet for an entry of a removed destination expires the entry and is handled as a
 *     new one (Linux 5.9 and later; older kernels dropped it); with the option off it is dropped and the entry
 *     kept. With the option on, a SYN for an entry whose destination has weight 0 also starts afresh.</li>
 * <li>conn_reuse_mode 1 (the kernel default): a SYN for an uncontrolled TCP entry in TIME_WAIT or CLOSE expires
 *     it and starts a new connection.</li>
 * <li>Not modelled: SCTP's state machine (SCTP entries are kept like UDP ones, state NONE), secure_tcp, the
 *     sync daemon, FTP helpers, one-packet scheduling's conntrack details.</li>
 * </ul>
 */
public final class ConnectionTable {

    /** References the timer wheel examines per {@link #expire(long)} call at most. */
    public static final int DEFAULT_EXPIRE_BUDGET = 1 << 15;

    private static final int IN_MASK = Connection.PROTO_MASK | Connection.V6 | Connection.TEMPLATE;
    private static final int OUT_MASK = IN_MASK | Connection.DEST_V6;

    private final ConnectionOptions options;
    private final Entries entries;
    private final Transitions transitions;
    private final ConnectionScheduler scheduler;
    private volatile Timeouts timeouts = Timeouts.DEFAULT;

    public ConnectionTable(ConnectionOptions options) {
        this(options, ThreadLocalRandom.current().nextLong());
    }

    /** With a fixed hash seed (tests and benchmarks). */
    ConnectionTable(ConnectionOptions options, long hashSeed) {
        this.options = options;
        this.entries = new Entries(hashSeed);
        this.transitions = new Transitions(this::timeouts, entries);
        this.scheduler = new ConnectionScheduler(entries, transitions, options);
    }

    public ConnectionOptions options() {
        return options;
    }

    /** The current timeouts. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** ipvsadm --set: every non-zero value replaces the current one; entries pick it up at their next packet. */
    public synchronized void setTimeouts(Timeouts update) {
        timeouts = timeouts.with(update);
    }

    // ---- lookups: the packet engine's hot path, no allocation ----

    /** The IPv4 connection of a client packet (client to virtual address), or null. */
    public Connection findInbound(Protocol p, int clientAddress, int clientPort, int virtualAddress,
                                  int virtualPort) {
        return entries.find(IN_MASK, p.number(), false, 0, Addr.v4(virtualAddress), virtualPort, 0,
                Addr.v4(clientAddress), clientPort);
    }

    /** The IPv6 connection of a client packet, addresses as high and low 64 bits, or null. */
    public Connection findInbound(Protocol p, long clientHigh, long clientLow, int clientPort, long virtualHigh,
                                  long virtualLow, int virtualPort) {
        return entries.find(IN_MASK, p.number() | Connection.V6, false, virtualHigh, virtualLow, virtualPort,
                clientHigh, clientLow, clientPort);
    }

    public Optional<Connection> findInbound(Protocol p, IpAddress client, int clientPort, IpAddress virtual,
                                            int virtualPort) {
        int key = p.number() | (client.isV6() ? Connection.V6 : 0);
        return Optional.ofNullable(entries.find(IN_MASK, key, false, Addr.high(virtual), Addr.low(virtual),
                virtualPort, Addr.high(client), Addr.low(client), clientPort));
    }

    /** The IPv4 connection of a NAT reply (real server to client), or null. */
    public Connection findOutbound(Protocol p, int destAddress, int destPort, int clientAddress, int clientPort) {
        return entries.find(OUT_MASK, p.number(), true, 0, Addr.v4(destAddress), destPort, 0,
                Addr.v4(clientAddress), clientPort);
    }

    /** The IPv6 connection of a NAT reply, or null. */
    public Connection findOutbound(Protocol p, long destHigh, long destLow, int destPort, long clientHigh,
                                   long clientLow, int clientPort) {
        return entries.find(OUT_MASK, p.number() | Connection.V6 | Connection.DEST_V6, true, destHigh, destLow,
                destPort, clientHigh, clientLow, clientPort);
    }

    public Optional<Connection> findOutbound(Protocol p, IpAddress dest, int destPort, IpAddress client,
                                             int clientPort) {
        int key = p.number() | (client.isV6() ? Connection.V6 : 0) | (dest.isV6() ? Connection.DEST_V6 : 0);
        return Optional.ofNullable(entries.find(OUT_MASK, key, true, Addr.high(dest), Addr.low(dest), destPort,
                Addr.high(client), Addr.low(client), clientPort));
    }

    // ---- new connections ----

    /**
     * A new connection for the first packet {@code in} of a flow to the service of {@code view} (persistence
     * templates, one-packet and port rules as the kernel's). The entry starts in NONE; report that first packet
     * as any other ({@link #onTcpPacket} / {@link #onUdpPacket} / {@link #onProxyEvent}).
     */
    public ScheduleResult schedule(SchedulingView view, ScheduleInput in, long nowNanos) {
        return scheduler.schedule(view, in, nowNanos);
    }

    /**
     * Checks a found entry before its packet is forwarded (ip_vs_in): see {@link Verdict}. {@code opening} is
     * whether the packet opens a connection (TCP SYN).
     */
    public Verdict admit(Connection c, boolean opening, long nowNanos) {
        if (c.isExpired()) {
            return Verdict.RESCHEDULE; // expired since the lookup found it
        }
        Destination d = c.destination();
        if (opening && !c.isTemplate()) {
            boolean quiesced = options.expireNodestConn() && d.weight() == 0;
            int state = c.status() & Connection.STATE_MASK;
            boolean reuse = c.protocolNumber() == Connection.TCP && c.control() == null
                    && (state == TcpState.TIME_WAIT.ordinal() || state == TcpState.CLOSE.ordinal());
            if (quiesced || reuse) {
                entries.removeNow(c);
                return Verdict.RESCHEDULE;
            }
        }
        if (!d.available()) {
            if (options.expireNodestConn()) {
                entries.removeNow(c);
                return Verdict.RESCHEDULE;
            }
            return Verdict.DROP;
        }
        return Verdict.FORWARD;
    }

    // ---- state ----

    /**
     * A TCP packet of {@code c}: {@code tcpFlags} is the header's flags byte (see {@link TcpFlags}). Moves the
     * state by the kernel's table for {@code direction} (INPUT is read as INPUT_ONLY while the entry has seen no
     * output, for DR/TUN/local destinations), updates active/inactive counts and re-arms the timer.
     */
    public void onTcpPacket(Connection c, Direction direction, int tcpFlags, long nowNanos) {
        transitions.tcp(c, direction, tcpFlags, nowNanos);
    }

    /** A UDP packet of {@code c} in either direction (also SCTP): re-armed with the UDP timeout. */
    public void onUdpPacket(Connection c, long nowNanos) {
        if (c.protocolNumber() == Connection.TCP) {
            throw new IllegalArgumentException("a TCP entry takes onTcpPacket: " + c);
        }
        transitions.datagram(c, nowNanos);
    }

    /** A socket event of a proxied TCP connection; see {@link ProxyEvent} for the mapping to IPVS states. */
    public void onProxyEvent(Connection c, ProxyEvent event, long nowNanos) {
        switch (event) {
            case CLIENT_ACCEPTED -> transitions.tcp(c, Direction.INPUT, TcpFlags.SYN, nowNanos);
            case SERVER_CONNECTED -> {
                transitions.tcp(c, Direction.OUTPUT, TcpFlags.SYN | TcpFlags.ACK, nowNanos);
                transitions.tcp(c, Direction.INPUT, TcpFlags.ACK, nowNanos);
            }
            case DATA -> transitions.tcp(c, Direction.INPUT, TcpFlags.ACK, nowNanos);
            case CLIENT_FIN -> transitions.tcp(c, Direction.INPUT, TcpFlags.FIN | TcpFlags.ACK, nowNanos);
            case SERVER_FIN -> transitions.tcp(c, Direction.OUTPUT, TcpFlags.FIN | TcpFlags.ACK, nowNanos);
            case CLIENT_RST -> transitions.tcp(c, Direction.INPUT, TcpFlags.RST, nowNanos);
            case SERVER_RST -> transitions.tcp(c, Direction.OUTPUT, TcpFlags.RST, nowNanos);
            case CLOSED -> transitions.closed(c, nowNanos);
        }
    }

    // ---- expiry and listing ----

    /** Told about every entry that leaves the table. */
    public void addExpiryListener(ExpiryListener listener) {
        entries.addListener(listener);
    }

    /** Stops telling {@code listener} (a data plane's listener that has closed); unknown listeners are ignored. */
    public void removeExpiryListener(ExpiryListener listener) {
        entries.removeListener(listener);
    }

    /**
     * Expires what is due at {@code nowNanos} (monotonic); called often, never pauses the table for long: at most
     * {@link #DEFAULT_EXPIRE_BUDGET} timer references per call, 256 per segment lock hold. A backlog (a large wave
     * of expiries) is worked off over the next calls.
     */
    public void expire(long nowNanos) {
        expire(nowNanos, DEFAULT_EXPIRE_BUDGET);
    }

    /** As {@link #expire(long)} with a budget of timer references; true when all that is due was handled. */
    public boolean expire(long nowNanos, int budget) {
        return entries.expire(nowNanos, budget);
    }

    /** Live entries, templates included. */
    public int size() {
        return entries.size();
    }

    /** Every entry as ipvsadm -lnc lists it (unsorted), expiry counted from {@code nowNanos}. */
    public List<ConnectionView> list(long nowNanos) {
        List<Connection> all = entries.all();
        List<ConnectionView> out = new ArrayList<>(all.size());
        for (Connection c : all) {
            out.add(view(c, nowNanos));
        }
        return out;
    }

    private static ConnectionView view(Connection c, long now) {
        long left = Math.max(0, c.expiresNanos() - now) / 1_000_000_000L;
        boolean invalid = (c.status() & Connection.INVALID) != 0; // shown as the kernel re-keys it
        return new ConnectionView(c.protocolName(), left, c.stateName(), c.clientAddress(),
                invalid ? 0 : c.clientPort(), c.virtualAddress(), invalid ? 0xffff : c.virtualPort(),
                c.destAddress(), invalid ? 0xffff : c.destPort(), c.isTemplate());
    }
}
