package io.fulcrum.realserver;

import java.nio.file.Path;

/** {@code stop} found no state file for the VIP: nothing was started for it (or it was stopped already). */
public final class NoStateException extends RealServerException {

    private static final long serialVersionUID = 1L;

    public NoStateException(String vip, Path file) {
        super("no state for VIP " + vip + " (" + file + " does not exist): it was not started with 'fulcrum "
                + "realserver start --vip " + vip + "' using this state directory, or it was stopped already; "
                + "nothing was changed");
    }
}
