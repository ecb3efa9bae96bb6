package io.fulcrum.config;

/** How Fulcrum treats a keyword it recognises. */
public enum KeywordStatus {
    /** Parsed into the model and acted on. */
    SUPPORTED,
    /** An old name: accepted, with keepalived's deprecation warning, and handled as its replacement. */
    DEPRECATED,
    /** A keepalived keyword Fulcrum does not implement: warned about ("recognised but not supported"), ignored. */
    UNSUPPORTED,
    /** Removed from keepalived: an error, as keepalived reports it ("unknown keyword"), with the replacement. */
    REMOVED
}
