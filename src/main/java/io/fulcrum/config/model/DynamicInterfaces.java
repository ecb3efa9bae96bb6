package io.fulcrum.config.model;

/** {@code dynamic_interfaces [allow_if_changes]}: whether configured interfaces may be missing at start. */
public enum DynamicInterfaces {
    /** Interfaces must exist (the default). */
    OFF,
    /** {@code dynamic_interfaces}: interfaces may appear and disappear. */
    ON,
    /** {@code dynamic_interfaces allow_if_changes}: and may change type (duplicate VRIDs become faults). */
    ALLOW_IF_CHANGES
}
