package io.fulcrum.cli;

/** Exit codes; check-config uses keepalived -t's (0 ok, 3 unreadable, 4 config errors). */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int CONFIG_UNREADABLE = 3;
    static final int CONFIG_ERRORS = 4;
    static final int SOFTWARE = 70;

    private ExitCodes() {
    }
}
