package io.fulcrum.daemon;

import io.fulcrum.control.Errno;

/** A request the daemon refuses before it reaches the table: the errno the kernel would give, and why. */
final class Refusal extends Exception {

    private final Errno errno;

    Refusal(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    Errno errno() {
        return errno;
    }
}
