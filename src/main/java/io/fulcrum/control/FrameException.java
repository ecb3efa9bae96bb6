package io.fulcrum.control;

/** A control frame that cannot be read or understood, with the reason and where in it. */
public final class FrameException extends Exception {

    /** Why a frame was refused. */
    public enum Reason {
        TRUNCATED("truncated frame"),
        OVERSIZED("frame too large"),
        NOT_JSON("not JSON"),
        UNKNOWN_TYPE("unknown type"),
        MISSING_FIELD("missing field"),
        UNKNOWN_FIELD("unknown field"),
        INVALID_FIELD("invalid value");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final Reason reason;

    public FrameException(Reason reason, String detail) {
        super(reason.text() + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
