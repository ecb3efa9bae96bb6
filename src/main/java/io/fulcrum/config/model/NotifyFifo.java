package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A named pipe state changes are written to ({@code notify_fifo}, {@code vrrp_notify_fifo},
 * {@code lvs_notify_fifo}), with the script that reads it.
 *
 * @param path   the FIFO's path (created if missing)
 * @param owner  user and group of the FIFO [script_user]
 * @param script {@code *_notify_fifo_script}: run with the FIFO's path as its last argument
 */
public record NotifyFifo(String path, Optional<RunAs> owner, Optional<ScriptSpec> script) {

    public NotifyFifo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(script, "script");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("a notify FIFO needs a path");
        }
    }
}
