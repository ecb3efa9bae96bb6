package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The notify scripts of an instance or sync group.
 *
 * @param master            {@code notify_master}
 * @param backup            {@code notify_backup}
 * @param fault             {@code notify_fault}
 * @param stop              {@code notify_stop}
 * @param deleted           {@code notify_deleted SCRIPT} (instances)
 * @param notifyDeleted     {@code notify_deleted}: report DELETED rather than FAULT for an instance removed by a
 *                          reload (instances)
 * @param any               {@code notify}: run after the specific script with {@code TYPE NAME STATE PRIORITY}
 * @param masterRxLowerPri  {@code notify_master_rx_lower_pri} (instances)
 */
public record NotifyScripts(Optional<ScriptSpec> master, Optional<ScriptSpec> backup, Optional<ScriptSpec> fault,
        Optional<ScriptSpec> stop, Optional<ScriptSpec> deleted, boolean notifyDeleted, Optional<ScriptSpec> any,
        Optional<ScriptSpec> masterRxLowerPri) {

    public NotifyScripts {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(stop, "stop");
        Objects.requireNonNull(deleted, "deleted");
        Objects.requireNonNull(any, "any");
        Objects.requireNonNull(masterRxLowerPri, "masterRxLowerPri");
        if (deleted.isPresent() && !notifyDeleted) {
            throw new IllegalArgumentException("a notify_deleted script implies notify_deleted");
        }
    }

    public static NotifyScripts none() {
        return new NotifyScripts(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), Optional.empty());
    }
}
