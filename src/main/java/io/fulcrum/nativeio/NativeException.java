package io.fulcrum.nativeio;

import java.io.IOException;

/**
 * A system call failed: which one, with its errno and the C library's text for it, e.g.
 * {@code socket: Operation not permitted (errno 1)}.
 */
public final class NativeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String reason;

    public NativeException(String operation, int errno, String reason) {
        super(operation + ": " + reason + " (errno " + errno + ")");
        this.operation = operation;
        this.errno = errno;
        this.reason = reason;
    }

    /** The system call or step that failed: socket, bind, setsockopt(SO_BINDTODEVICE), sendto, ... */
    public String operation() {
        return operation;
    }

    public int errno() {
        return errno;
    }

    /** The C library's text for the errno ({@code strerror}). */
    public String reason() {
        return reason;
    }
}
