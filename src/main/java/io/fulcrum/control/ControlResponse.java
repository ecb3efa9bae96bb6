package io.fulcrum.control;

import java.util.List;
import java.util.Objects;

/** The daemon's answer to one {@link ControlRequest}: done (with what was asked for), or refused. */
public sealed interface ControlResponse {

    /** Done; {@code payload} carries what the request asked for. */
    record Ok(Payload payload) implements ControlResponse {
        public Ok {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** Refused: the errno the kernel gives for the same refusal, and a message saying why. */
    record Error(Errno errno, String message) implements ControlResponse {
        public Error {
            Objects.requireNonNull(errno, "errno");
            Objects.requireNonNull(message, "message");
        }
    }

    /** What an {@link Ok} carries. */
    sealed interface Payload {
    }

    /** A change was made; nothing to return. */
    record Done() implements Payload {
    }

    /** The answer to {@link ControlRequest.Hello}. */
    record Welcome(int protocolVersion, String daemonVersion, long pid) implements Payload {
        public Welcome {
            Objects.requireNonNull(daemonVersion, "daemonVersion");
        }
    }

    /** The answer to {@link ControlRequest.GetTable}. */
    record Table(IpvsSnapshot snapshot) implements Payload {
        public Table {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** The answer to {@link ControlRequest.GetTimeouts}, in seconds. */
    record Timeouts(int tcp, int tcpFin, int udp) implements Payload {
    }

    /** The answer to {@link ControlRequest.GetVrrpStatus}. */
    record Vrrp(VrrpStatus status) implements Payload {
        public Vrrp {
            Objects.requireNonNull(status, "status");
        }
    }

    /** The answer to {@link ControlRequest.GetDataplaneStatus}. */
    record Dataplane(DataplaneStatus status) implements Payload {
        public Dataplane {
            Objects.requireNonNull(status, "status");
        }
    }

    /** The answer to {@link ControlRequest.Dump}: the file written and its text. */
    record Dumped(DumpKind kind, String path, String text) implements Payload {
        public Dumped {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The answer to {@link ControlRequest.Reload}: {@code applied} when the new configuration now runs, else it was
     * refused and the running one goes on; {@code changes} says what the reload did, {@code problems} the
     * configuration's diagnostics ({@code file:line:column: severity: message}) or why it was refused.
     */
    record Reloaded(boolean applied, List<String> changes, List<String> problems, long millis) implements Payload {
        public Reloaded {
            changes = List.copyOf(changes);
            problems = List.copyOf(problems);
        }
    }

    static ControlResponse done() {
        return new Ok(new Done());
    }

    static ControlResponse error(Errno errno, String message) {
        return new Error(errno, message);
    }
}
