package io.fulcrum.system;

/** A director daemon a system test started (Fulcrum or keepalived), killed with SIGKILL after each test. */
interface Director {

    /** SIGKILL: nothing of the daemon's own shutdown runs. */
    void kill() throws InterruptedException;
}
