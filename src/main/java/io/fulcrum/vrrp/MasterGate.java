package io.fulcrum.vrrp;

/**
 * Asked by a {@link VrrpMachine} before it becomes MASTER on its own account. A sync group answers no until every
 * member wants MASTER (keepalived's {@code vrrp_sync_can_goto_master}); a lone instance is always allowed.
 */
@FunctionalInterface
interface MasterGate {

    MasterGate ALWAYS = m -> true;

    boolean mayBecomeMaster(VrrpMachine machine);
}
