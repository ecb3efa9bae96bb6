package io.fulcrum.check;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;

/** Turns an I/O failure caused by the runner's interrupt into the {@link InterruptedException} it stands for. */
final class Interrupts {

    private Interrupts() {
    }

    /** Throws InterruptedException (clearing the flag) when the thread was interrupted; returns otherwise. */
    static void rethrow(IOException e) throws InterruptedException {
        if (Thread.interrupted() || e instanceof ClosedByInterruptException) {
            InterruptedException ie = new InterruptedException("probe interrupted");
            ie.initCause(e);
            throw ie;
        }
    }

    /** Throws InterruptedException when the thread was interrupted before the probe started. */
    static void check() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("probe interrupted");
        }
    }
}
