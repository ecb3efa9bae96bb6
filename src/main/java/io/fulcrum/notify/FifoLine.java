package io.fulcrum.notify;

import java.util.Objects;

/**
 * One line keepalived writes to a notify FIFO. The checker shapes ({@code VS [192.168.201.15]:tcp:80 UP},
 * {@code RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 DOWN}) go to notify_fifo and lvs_notify_fifo; the VRRP shapes
 * ({@code INSTANCE "VI_1" MASTER 100}, {@code GROUP "G1" BACKUP 0}) to notify_fifo and vrrp_notify_fifo.
 */
public sealed interface FifoLine {

    /** The line as written, ending with a newline. */
    String text();

    /** Whether the line belongs to the VRRP FIFO (else to the LVS FIFO); notify_fifo gets both. */
    boolean isVrrp();

    /** The states keepalived writes for instances and groups. */
    enum VrrpState {
        MASTER, BACKUP, FAULT, STOP, DELETED, MASTER_RX_LOWER_PRI, MASTER_PRIORITY, BACKUP_PRIORITY
    }

    /**
     * A checker line already in keepalived's shape (as the health state words it, without its newline), for the
     * LVS FIFO.
     */
    record Lvs(String line) implements FifoLine {
        public Lvs {
            Objects.requireNonNull(line, "line");
            if (line.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a FIFO line has no newline inside");
            }
        }

        @Override
        public String text() {
            return line + "\n";
        }

        @Override
        public boolean isVrrp() {
            return false;
        }
    }

    /** A virtual server's quorum went up or down; {@code vsName} as keepalived prints it. */
    record VirtualServer(String vsName, boolean up) implements FifoLine {
        public VirtualServer {
            Objects.requireNonNull(vsName, "vsName");
        }

        @Override
        public String text() {
            return "VS " + vsName + " " + (up ? "UP" : "DOWN") + "\n";
        }

        @Override
        public boolean isVrrp() {
            return false;
        }
    }

    /** A real server of a virtual server went up or down. */
    record RealServer(String rsName, String vsName, boolean up) implements FifoLine {
        public RealServer {
            Objects.requireNonNull(rsName, "rsName");
            Objects.requireNonNull(vsName, "vsName");
        }

        @Override
        public String text() {
            return "RS " + rsName + " " + vsName + " " + (up ? "UP" : "DOWN") + "\n";
        }

        @Override
        public boolean isVrrp() {
            return false;
        }
    }

    /** A VRRP instance entered a state, with its (effective) priority. */
    record Instance(String name, VrrpState state, int priority) implements FifoLine {
        public Instance {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String text() {
            return "INSTANCE \"" + name + "\" " + state + " " + priority + "\n";
        }

        @Override
        public boolean isVrrp() {
            return true;
        }
    }

    /** A VRRP sync group entered a state; keepalived writes priority 0 for groups. */
    record Group(String name, VrrpState state, int priority) implements FifoLine {
        public Group {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(state, "state");
        }

        @Override
        public String text() {
            return "GROUP \"" + name + "\" " + state + " " + priority + "\n";
        }

        @Override
        public boolean isVrrp() {
            return true;
        }
    }
}
