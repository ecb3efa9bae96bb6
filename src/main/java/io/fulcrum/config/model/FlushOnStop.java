package io.fulcrum.config.model;

/** {@code lvs_flush_on_stop [VS]}: how the IPVS table is cleared at shutdown. */
public enum FlushOnStop {
    /** Remove each real and virtual server one by one (the default). */
    NONE,
    /** {@code lvs_flush_on_stop}: flush the whole table. */
    FULL,
    /** {@code lvs_flush_on_stop VS}: remove each virtual server, letting the kernel drop its real servers. */
    VS
}
