package io.fulcrum.config;

/** The main configuration file cannot be read at all (missing, unreadable, a directory, too large). */
public final class ConfigReadException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigReadException(String message) {
        super(message);
    }
}
