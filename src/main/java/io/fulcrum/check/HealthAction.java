package io.fulcrum.check;

import io.fulcrum.config.model.ScriptSpec;
import java.util.Objects;

/**
 * An effect decided by {@link HealthState}, as data; the daemon performs them in order. Table actions name a real
 * server by its indexes in the configuration (the daemon applies them to every service of the virtual server, group
 * entries included); weights are already clamped to IPVS's 0..2147483647.
 */
public sealed interface HealthAction {

    /** Put the real server in the virtual server's table with {@code weight}. */
    record AddRealServer(int vsIndex, int rsIndex, int weight) implements HealthAction {
    }

    /** Take the real server out of the virtual server's table. */
    record RemoveRealServer(int vsIndex, int rsIndex) implements HealthAction {
    }

    /** Change the weight of a real server that is in the table (0 disables it: inhibit_on_failure). */
    record SetRealServerWeight(int vsIndex, int rsIndex, int weight) implements HealthAction {
    }

    /** Put the virtual server's sorry server in its table with {@code weight}. */
    record AddSorryServer(int vsIndex, int weight) implements HealthAction {
    }

    /** Take the sorry server out of the table. */
    record RemoveSorryServer(int vsIndex) implements HealthAction {
    }

    /** Change the weight of the sorry server, which is in the table (sorry_server_inhibit). */
    record SetSorryServerWeight(int vsIndex, int weight) implements HealthAction {
    }

    /** A line for the log, in keepalived's words. */
    record Log(String line) implements HealthAction {
        public Log {
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * Run a notify script (notify_up/notify_down of a real server, quorum_up/quorum_down of a virtual server) with
     * its configured arguments and user. keepalived does not wait for them, except at shutdown ({@code atShutdown}),
     * where it gives each one second before killing it.
     */
    record RunScript(ScriptSpec script, boolean atShutdown) implements HealthAction {
        public RunScript {
            Objects.requireNonNull(script, "script");
        }
    }

    /**
     * An e-mail alert in keepalived's shapes, e.g. subject {@code [LB1] Realserver [10.0.0.11]:tcp:80 of virtual
     * server [192.168.10.100]:tcp:80 - DOWN} and body {@code => TCP CHECK failed on service <=}. Only decided when
     * smtp_alert applies and global_defs has recipients and an smtp_server.
     */
    record SendAlert(String subject, String body) implements HealthAction {
        public SendAlert {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
        }
    }

    /**
     * A line for the notify FIFOs ({@code notify_fifo} and {@code lvs_notify_fifo}, whichever exist), without its
     * newline: {@code RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 UP} or {@code VS [192.168.201.15]:tcp:80 DOWN}.
     * Only decided when one of those FIFOs is configured.
     */
    record WriteFifo(String line) implements HealthAction {
        public WriteFifo {
            Objects.requireNonNull(line, "line");
        }
    }
}
