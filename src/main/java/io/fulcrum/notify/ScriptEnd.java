package io.fulcrum.notify;

import java.util.Objects;

/** How one run of a script ended. */
public sealed interface ScriptEnd {

    /**
     * The program exited with {@code status} (0..255). The JDK reports a program killed by a signal as status
     * 128 + signal, the way a shell does, so a signal death (not by our timeout) shows up here too.
     */
    record Exited(int status) implements ScriptEnd {
    }

    /** It ran past its timeout; it and every process it started were killed. */
    record TimedOut() implements ScriptEnd {
    }

    /**
     * It was not started; {@code reason} says why in keepalived's words where keepalived has them, e.g.
     * {@code Script /etc/keepalived/check.sh cannot be accessed - No such file or directory}.
     */
    record NotStarted(String reason) implements ScriptEnd {
        public NotStarted {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
