package io.fulcrum.common;

import java.util.Objects;

/** One diagnostic: where, how bad, and what was expected. Printed as {@code file:line:column: error: message}. */
public record Problem(Severity severity, SourcePos pos, String message) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    public String format() {
        return pos + ": " + severity.label() + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
