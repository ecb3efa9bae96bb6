package io.fulcrum.lab;

/** A lab step failed: a namespace, link or address that could not be made, or a command that failed. */
public final class LabException extends Exception {

    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }
}
