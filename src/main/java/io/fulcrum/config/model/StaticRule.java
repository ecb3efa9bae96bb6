package io.fulcrum.config.model;

import java.util.Objects;

/** An entry of {@code static_rules}: a policy rule installed at start and kept. */
public record StaticRule(RuleSpec rule) {

    public StaticRule {
        Objects.requireNonNull(rule, "rule");
    }
}
