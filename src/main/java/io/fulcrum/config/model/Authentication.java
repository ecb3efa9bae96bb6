package io.fulcrum.config.model;

import java.util.Objects;

/**
 * The {@code authentication} block of a VRRPv2 instance.
 *
 * @param type     PASS or AH
 * @param password {@code auth_pass}, at most 8 characters (longer ones are truncated when read)
 */
public record Authentication(AuthType type, String password) {

    public static final int MAX_PASSWORD = 8;

    public Authentication {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(password, "password");
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("auth_pass must be 1.." + MAX_PASSWORD + " characters");
        }
    }
}
