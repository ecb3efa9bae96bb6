package io.fulcrum.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP as a reload, as keepalived takes it: the handler only hands the reload to the daemon (which queues it
 * behind the work before it), so a burst of signals gives a burst of queued, serialised reloads and never blocks
 * the JVM's signal thread.
 */
public final class ReloadOnSignal {

    private ReloadOnSignal() {
    }

    /**
     * Installs the handler; {@code reload} runs on the JVM's signal thread and must return at once. False when the
     * process was started with SIGHUP ignored (nohup, some shells' background jobs): the JVM then keeps it ignored
     * and no handler is installed.
     */
    public static boolean install(Runnable reload) {
        return Signal.handle(new Signal("HUP"), signal -> reload.run()) != SignalHandler.SIG_IGN;
    }
}
