package io.fulcrum.config.model;

/** Placeholder until the grammar for this block lands. */
public record SslSpec() {
}
