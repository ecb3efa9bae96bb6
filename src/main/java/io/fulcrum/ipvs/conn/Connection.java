package io.fulcrum.ipvs.conn;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.Stats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * One entry of the connection table (the kernel's {@code struct ip_vs_conn}): a connection, or a persistence
 * template when {@link #isTemplate()}. Made only by {@link ConnectionTable}; data planes hold it for the life of a
 * flow, count its traffic with {@link #inbound(long)} / {@link #outbound(long)} and report its packets or socket
 * events to the table.
 *
 * <p>Compact by design (112 bytes with compressed references, under 130 per entry with the table's arrays, as
 * measured in docs/benchmarks.md): the three addresses are primitive longs (see {@code Addr}), the ports and fixed
 * flags share one long, the hash chain link is intrusive, and every mutable flag, the state and the current timeout
 * share one int ({@code status}) changed only by compare-and-set, so a state change, the destination counters it
 * moves and the final "expired" mark are ordered without a lock.
 */
public final class Connection {

    // meta: fixed at creation
    static final int PROTO_MASK = 0xff;
    static final int V6 = 1 << 8;
    static final int DEST_V6 = 1 << 9;
    static final int TEMPLATE = 1 << 10;
    static final int ONE_PACKET = 1 << 11;

    // status: state, flags, timeout
    static final int STATE_MASK = 0x0f;
    static final int INACTIVE = 1 << 4;
    static final int NO_OUTPUT = 1 << 5;
    static final int DEAD = 1 << 6;
    static final int INVALID = 1 << 7;
    static final int TIMEOUT_SHIFT = 8;

    static final int IP = 0;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int SCTP = 132;

    private static final VarHandle STATUS;
    private static final VarHandle CONTROLLED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(Connection.class, "status", int.class);
            CONTROLLED = l.findVarHandle(Connection.class, "controlled", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Meta (16 bits), client, virtual and destination ports (16 bits each), packed so that a lookup compares them
     * at once; declared first so that it sits, with the addresses, in the object's first cache line.
     */
    final long key;
    final long clientLow;
    final long clientHigh;
    final long virtualLow;
    final long virtualHigh;
    final long destLow;
    final long destHigh;
    private volatile long expires;
    private volatile int status;
    /** The timer wheel tick whose slot holds this entry's live reference (guarded by its segment's lock). */
    private volatile int tick;
    private volatile int controlled;
    /** The index of this entry's reference in its timer slot (guarded by its segment's lock). */
    private int slot;
    /** Hash chain link, written under the segment lock, read without it. */
    volatile Connection next;
    private final Destination destination;
    private final Stats serviceStats;
    private final Connection control;

    Connection(int meta, long clientHigh, long clientLow, int clientPort, long virtualHigh, long virtualLow,
               int virtualPort, long destHigh, long destLow, int destPort, Destination destination,
               Stats serviceStats, Connection control, int status, long expires) {
        this.key = key(meta, clientPort, virtualPort, destPort);
        this.clientHigh = clientHigh;
        this.clientLow = clientLow;
        this.virtualHigh = virtualHigh;
        this.virtualLow = virtualLow;
        this.destHigh = destHigh;
        this.destLow = destLow;
        this.destination = destination;
        this.serviceStats = serviceStats;
        this.control = control;
        this.status = status;
        this.expires = expires;
    }

    // ---- traffic ----

    /** A packet (or, for the proxy, a chunk) of {@code bytes} from the client: counted on service and destination. */
    public void inbound(long bytes) {
        serviceStats.inbound(bytes);
        destination.stats().inbound(bytes);
    }

    /** A packet (or chunk) of {@code bytes} towards the client: counted on service and destination. */
    public void outbound(long bytes) {
        serviceStats.outbound(bytes);
        destination.stats().outbound(bytes);
    }

    // ---- identity ----

    /** The kernel's protocol number: 6 TCP, 17 UDP, 132 SCTP, 0 (IP) for the template of a fwmark service. */
    public int protocolNumber() {
        return meta() & PROTO_MASK;
    }

    /** The protocol as ipvsadm -lnc prints it: TCP, UDP, SCTP or IP. */
    public String protocolName() {
        return switch (protocolNumber()) {
            case TCP -> "TCP";
            case UDP -> "UDP";
            case SCTP -> "SCTP";
            default -> "IP";
        };
    }

    /** Whether client and virtual addresses are IPv6 (the destination may differ under TUN). */
    public boolean isV6() {
        return (meta() & V6) != 0;
    }

    public boolean isDestinationV6() {
        return (meta() & DEST_V6) != 0;
    }

    public IpAddress clientAddress() {
        return Addr.toIp(isV6(), clientHigh, clientLow);
    }

    public int clientPort() {
        return (int) (key >>> 32) & 0xffff;
    }

    /** The virtual address; for a fwmark template the mark, as the kernel stores it (first 32 bits). */
    public IpAddress virtualAddress() {
        return Addr.toIp(isV6(), virtualHigh, virtualLow);
    }

    public int virtualPort() {
        return (int) (key >>> 16) & 0xffff;
    }

    public IpAddress destAddress() {
        return Addr.toIp(isDestinationV6(), destHigh, destLow);
    }

    public int destPort() {
        return (int) key & 0xffff;
    }

    /** Allocation-free address words (IPv4: high 0, low the address): for rewriting headers. */
    public long destAddressHigh() {
        return destHigh;
    }

    public long destAddressLow() {
        return destLow;
    }

    public long clientAddressHigh() {
        return clientHigh;
    }

    public long clientAddressLow() {
        return clientLow;
    }

    public long virtualAddressHigh() {
        return virtualHigh;
    }

    public long virtualAddressLow() {
        return virtualLow;
    }

    public Destination destination() {
        return destination;
    }

    public Stats serviceStats() {
        return serviceStats;
    }

    // ---- flags and state ----

    public boolean isTemplate() {
        return (meta() & TEMPLATE) != 0;
    }

    /** A one-packet (ipvsadm -o) UDP entry: never kept in the table. */
    public boolean isOnePacket() {
        return (meta() & ONE_PACKET) != 0;
    }

    /** Replies are not seen (DR, TUN, local) and no OUTPUT packet has been either. */
    public boolean isNoOutput() {
        return (status & NO_OUTPUT) != 0;
    }

    /** Counted in the destination's InActConn rather than ActiveConn. */
    public boolean isInactive() {
        return (status & INACTIVE) != 0;
    }

    /** Gone from the table (expired, or never kept: one-packet); further events change nothing. */
    public boolean isExpired() {
        return (status & DEAD) != 0;
    }

    /** The TCP state (NONE for UDP, SCTP and templates). */
    public TcpState tcpState() {
        return TcpState.of(status & STATE_MASK);
    }

    /** The state as ipvsadm -lnc prints it: a TCP state name, UDP, or NONE for templates and SCTP. */
    public String stateName() {
        if (isTemplate()) {
            return "NONE";
        }
        return protocolNumber() == UDP ? "UDP" : tcpState().name();
    }

    /** The timeout (seconds) the entry was last armed with. */
    public int timeoutSeconds() {
        return status >>> TIMEOUT_SHIFT;
    }

    /** When the entry expires (monotonic nanoseconds) unless a packet or event re-arms it. */
    public long expiresNanos() {
        return expires;
    }

    /** The persistence template that controls this connection, if any. */
    public Optional<Connection> controller() {
        return Optional.ofNullable(control);
    }

    /** For a template: how many live connections it controls (the kernel's n_control). */
    public int controlled() {
        return controlled;
    }

    // ---- table internals ----

    int meta() {
        return (int) (key >>> 48);
    }

    static long key(int meta, int clientPort, int virtualPort, int destPort) {
        return (long) meta << 48 | (long) clientPort << 32 | (long) virtualPort << 16 | destPort;
    }

    Connection control() {
        return control;
    }

    int status() {
        return status;
    }

    boolean casStatus(int expect, int update) {
        return STATUS.compareAndSet(this, expect, update);
    }

    /** Marks the entry expired; returns the status it had, or -1 when it already was. */
    int markDead() {
        for (;;) {
            int s = status;
            if ((s & DEAD) != 0) {
                return -1;
            }
            if (casStatus(s, s | DEAD)) {
                return s;
            }
        }
    }

    void expires(long nanos) {
        expires = nanos;
    }

    int tick() {
        return tick;
    }

    void tick(int t) {
        tick = t;
    }

    int slot() {
        return slot;
    }

    void slot(int index) {
        slot = index;
    }

    int addControlled(int delta) {
        return (int) CONTROLLED.getAndAdd(this, delta) + delta;
    }

    static int withTimeout(int status, int seconds) {
        return (status & ((1 << TIMEOUT_SHIFT) - 1)) | seconds << TIMEOUT_SHIFT;
    }

    @Override
    public String toString() {
        return protocolName() + " " + clientAddress() + ":" + clientPort() + " -> " + virtualAddress() + ":"
                + virtualPort() + " -> " + destAddress() + ":" + destPort() + " " + stateName();
    }
}
