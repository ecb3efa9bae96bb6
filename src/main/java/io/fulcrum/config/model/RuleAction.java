package io.fulcrum.config.model;

/** What a policy rule does with matching packets. */
public enum RuleAction {
    /** {@code table|lookup T}: look the packet up in a routing table (the usual action). */
    TABLE,
    /** {@code goto N}: continue at the rule with preference N. */
    GOTO,
    /** {@code nop}: do nothing (counters only). */
    NOP,
    BLACKHOLE,
    UNREACHABLE,
    PROHIBIT
}
