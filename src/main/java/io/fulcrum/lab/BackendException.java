package io.fulcrum.lab;

/** A backend could not start: an address it cannot bind, or a transport that does not load. */
public final class BackendException extends Exception {

    private static final long serialVersionUID = 1L;

    public BackendException(String message) {
        super(message);
    }
}
