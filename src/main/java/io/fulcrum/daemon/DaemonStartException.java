package io.fulcrum.daemon;

/** The daemon cannot start; the message says why, naming the path involved and what to do. */
final class DaemonStartException extends Exception {

    DaemonStartException(String message) {
        super(message, null, false, false);
    }
}
