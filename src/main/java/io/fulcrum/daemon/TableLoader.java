package io.fulcrum.daemon;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.ipvs.ServiceTable;
import java.util.List;

/**
 * Builds the virtual server table from keepalived.conf's virtual servers. SKELETON: the signature is the
 * contract the daemon codes against; the implementation replaces the body.
 */
public final class TableLoader {

    private TableLoader() {
    }

    /**
     * Adds every virtual server (groups expanded) and its real servers to {@code table}, which the caller gives
     * empty. Returns log lines in keepalived's spirit for what was added, refused or left out, in config order.
     */
    public static List<String> apply(KeepalivedConfig config, ServiceTable table) {
        throw new UnsupportedOperationException("skeleton");
    }
}
