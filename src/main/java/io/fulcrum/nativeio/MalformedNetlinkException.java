package io.fulcrum.nativeio;

import java.io.IOException;

/** A netlink message that does not parse: truncated, a length that does not fit, a missing attribute. */
public final class MalformedNetlinkException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedNetlinkException(String reason) {
        super(reason);
    }
}
