package io.fulcrum.ipvs.conn;

import io.fulcrum.ipvs.Destination;
import java.util.function.Supplier;

/**
 * State changes of live entries, as the kernel's set_tcp_state / udp_state_transition followed by the timer
 * re-arm of ip_vs_conn_put: each packet or event computes the next status (state, INACTIVE, NO_OUTPUT, timeout)
 * from the current one and installs it by compare-and-set, retrying if another thread changed it first. The
 * destination's active/inactive counters move only after a successful swap that flipped INACTIVE, so each flip is
 * counted once; an entry marked expired is never changed again, so nothing moves after its counters were released.
 * The timeout is read from the current {@link Timeouts} at each packet, so ipvsadm --set reaches an entry at its
 * next packet, as in the kernel.
 */
final class Transitions {

    private static final long SECOND = 1_000_000_000L;

    private final Supplier<Timeouts> timeouts;
    private final Entries entries;

    Transitions(Supplier<Timeouts> timeouts, Entries entries) {
        this.timeouts = timeouts;
        this.entries = entries;
    }

    /** A TCP packet with header {@code flags} seen travelling {@code dir}. */
    void tcp(Connection c, Direction dir, int flags, long now) {
        move(c, dir, flags, false, now);
    }

    /** The proxy closed both sockets (see {@link ProxyEvent#CLOSED}). */
    void closed(Connection c, long now) {
        move(c, Direction.INPUT, 0, true, now);
    }

    /** A UDP (or SCTP) packet: the entry is re-armed with the UDP timeout. */
    void datagram(Connection c, long now) {
        int seconds = timeouts.get().udp();
        for (;;) {
            int s = c.status();
            if ((s & Connection.DEAD) != 0 || c.isTemplate()) {
                return;
            }
            int u = Connection.withTimeout(s, seconds);
            if (u == s || c.casStatus(s, u)) {
                rearm(c, now + seconds * SECOND);
                return;
            }
        }
    }

    /** A template found and used for a new connection: its timer restarts with its own timeout. */
    void rearmTemplate(Connection template, long now) {
        rearm(template, now + template.timeoutSeconds() * SECOND);
    }

    private void move(Connection c, Direction dir, int flags, boolean close, long now) {
        Timeouts t = timeouts.get();
        for (;;) {
            int s = c.status();
            if ((s & Connection.DEAD) != 0 || c.isTemplate()) {
                return;
            }
            int state = s & Connection.STATE_MASK;
            int u = s;
            Direction d = dir;
            if ((s & Connection.NO_OUTPUT) != 0) {
                if (dir == Direction.OUTPUT) {
                    u &= ~Connection.NO_OUTPUT;
                } else {
                    d = Direction.INPUT_ONLY;
                }
            }
            int next;
            if (close) {
                if (state == TcpState.CLOSE.ordinal()) {
                    return;
                }
                next = state == TcpState.TIME_WAIT.ordinal() ? state : TcpState.CLOSE.ordinal();
            } else {
                next = TcpStateTable.next(d, flags, state);
            }
            TcpState to = TcpState.of(next);
            u = (u & ~Connection.STATE_MASK) | next;
            if (next != state) {
                u = to.active() ? u & ~Connection.INACTIVE : u | Connection.INACTIVE;
            }
            int seconds = to.timeoutSeconds(t);
            u = Connection.withTimeout(u, seconds);
            if (u == s || c.casStatus(s, u)) {
                count(c.destination(), s, u);
                rearm(c, now + seconds * SECOND);
                return;
            }
        }
    }

    private static void count(Destination d, int before, int after) {
        if (((before ^ after) & Connection.INACTIVE) == 0) {
            return;
        }
        if ((after & Connection.INACTIVE) == 0) {
            d.connectionActivated();
        } else {
            d.connectionDeactivated();
        }
    }

    private void rearm(Connection c, long expires) {
        c.expires(expires);
        if ((int) TimerWheel.tickOf(expires) - c.tick() < 0) {
            entries.pullIn(c);
        }
    }
}
