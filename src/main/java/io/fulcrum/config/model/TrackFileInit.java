package io.fulcrum.config.model;

/**
 * {@code init_file [VALUE] [overwrite]}: write VALUE to the tracked file at start if it is missing (or always, with
 * overwrite).
 */
public record TrackFileInit(long value, boolean overwrite) {
}
