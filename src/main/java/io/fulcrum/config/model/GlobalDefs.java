package io.fulcrum.config.model;

/** Placeholder until the global_defs grammar lands. */
public record GlobalDefs() {
    public static GlobalDefs defaults() {
        return new GlobalDefs();
    }
}
