package io.fulcrum.config.model;

/** How a tracked process's parameters are matched ({@code param_match}). */
public enum ParamMatch {
    /** Only the process name is matched. */
    NONE,
    /** Parameters must match exactly (given parameters, or {@code param_match} alone). */
    EXACT,
    /** {@code param_match partial}: the configured parameters are the first ones. */
    PARTIAL,
    /** {@code param_match initial}: as partial, and the last may be longer. */
    INITIAL
}
