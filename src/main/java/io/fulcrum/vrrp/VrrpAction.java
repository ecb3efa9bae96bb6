package io.fulcrum.vrrp;

import java.util.Objects;

/**
 * What an instance's state machine ({@link VrrpMachine}) decided, as data; the engine performs each through its
 * ports, in list order. The instance's own settings (its VIPs, interface, version, interval, authentication)
 * complete every action, so the actions carry only what varies.
 */
public sealed interface VrrpAction {

    /** Send one advertisement with this priority (0 when resigning). */
    record SendAdvert(int priority) implements VrrpAction {
        public SendAdvert {
            if (priority < 0 || priority > 255) {
                throw new IllegalArgumentException("priority out of range: " + priority);
            }
        }
    }

    /** Add the instance's virtual addresses (VIPs, then excluded VIPs), routes and rules. */
    record AddAddresses() implements VrrpAction {
    }

    /** Remove the instance's virtual addresses, routes and rules. */
    record RemoveAddresses() implements VrrpAction {
    }

    /**
     * Send {@code repeat} gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6) for each of the
     * instance's addresses; {@code reason} names the burst for the detail log ("master", "delayed", "refresh",
     * "lower priority").
     */
    record SendGratuitous(int repeat, String reason) implements VrrpAction {
        public SendGratuitous {
            Objects.requireNonNull(reason, "reason");
            if (repeat < 1) {
                throw new IllegalArgumentException("repeat must be at least 1");
            }
        }
    }

    /**
     * The instance changed state: the engine runs notify_master/backup/fault/stop and {@code notify}, writes the
     * notify FIFO line, and sends the e-mail alert when smtp_alert asks for it.
     */
    record StateChanged(InstanceState from, InstanceState to, int priority) implements VrrpAction {
        public StateChanged {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /** A MASTER received an advert of lower priority: notify_master_rx_lower_pri and its FIFO line. */
    record MasterRxLowerPriority(int priority) implements VrrpAction {
    }

    /**
     * A log line in keepalived 2.x's shape without the ident, e.g. {@code (VI_1) Entering MASTER STATE};
     * {@code detail} lines are those keepalived only logs with {@code -D}.
     */
    record Log(String line, boolean detail) implements VrrpAction {
        public Log {
            Objects.requireNonNull(line, "line");
        }
    }
}
