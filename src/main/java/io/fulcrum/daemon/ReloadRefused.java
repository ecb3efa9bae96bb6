package io.fulcrum.daemon;

/** A reload cannot apply the new configuration (nothing was changed); the message says why. */
final class ReloadRefused extends Exception {
    ReloadRefused(String message) {
        super(message);
    }
}
