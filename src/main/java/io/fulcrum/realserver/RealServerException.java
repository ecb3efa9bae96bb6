package io.fulcrum.realserver;

/** Setting up or restoring a real server failed; the message is written for the operator. */
public class RealServerException extends Exception {

    private static final long serialVersionUID = 1L;

    public RealServerException(String message) {
        super(message);
    }

    public RealServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
