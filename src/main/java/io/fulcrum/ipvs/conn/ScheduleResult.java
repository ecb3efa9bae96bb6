package io.fulcrum.ipvs.conn;

/** The outcome of {@link ConnectionTable#schedule}: a new connection, or no destination to give it. */
public sealed interface ScheduleResult {

    /** The single "no destination" answer. */
    ScheduleResult NO_DESTINATION = new NoDestination();

    /**
     * A connection bound to its destination. A one-packet entry ({@link Connection#isOnePacket()}) is already
     * expired: forward its packet and count it, nothing more.
     */
    record Scheduled(Connection connection) implements ScheduleResult {
    }

    /**
     * The scheduler found no available destination (or the packet's port is not the service's): the kernel
     * answers ICMP port unreachable and drops the packet.
     */
    record NoDestination() implements ScheduleResult {
    }
}
