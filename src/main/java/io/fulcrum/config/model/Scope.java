package io.fulcrum.config.model;

import java.util.Map;
import java.util.Optional;

/**
 * An address or route scope ({@code scope global|site|link|host|nowhere|0..255}), as {@code ip} takes it.
 *
 * @param value 0..255 (RT_SCOPE_*)
 */
public record Scope(int value) {

    private static final Map<String, Integer> NAMES = Map.of("global", 0, "universe", 0, "site", 200,
            "link", 253, "host", 254, "nowhere", 255);

    public Scope {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("scope " + value + " out of range 0..255");
        }
    }

    /** A name from {@code /etc/iproute2/rt_scopes} or a number 0..255. */
    public static Optional<Scope> parse(String text) {
        Integer v = NAMES.get(text);
        if (v != null) {
            return Optional.of(new Scope(v));
        }
        if (text.matches("[0-9]{1,3}") && Integer.parseInt(text) <= 255) {
            return Optional.of(new Scope(Integer.parseInt(text)));
        }
        return Optional.empty();
    }

    /** The name when it has one, else the number. */
    @Override
    public String toString() {
        return switch (value) {
            case 0 -> "global";
            case 200 -> "site";
            case 253 -> "link";
            case 254 -> "host";
            case 255 -> "nowhere";
            default -> Integer.toString(value);
        };
    }
}
