package io.fulcrum.check;

import java.io.IOException;

/** A response that could not be read as HTTP, with the reason. */
final class HttpReadException extends IOException {

    /** Why. */
    enum Kind {
        /** The connection ended before the end of the headers (keepalived: "no data received"). */
        NO_DATA,
        /** The headers or the body are larger than the checker accepts. */
        TOO_LARGE,
        /** Broken framing: a bad chunk size, a chunk cut short. */
        MALFORMED
    }

    private final Kind kind;

    HttpReadException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
