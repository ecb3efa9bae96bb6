package io.fulcrum.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the preprocessor needs from outside the text.
 *
 * @param configId    the id that {@code @id} lines are compared with, and the value of {@code ${_INSTANCE}}
 * @param environment looks up {@code ${_ENV NAME}}
 * @param randomSeed  seeds {@code ${_RANDOM}} so a run is repeatable when wanted
 */
public record PreprocessOptions(String configId, Function<String, Optional<String>> environment, long randomSeed) {

    public PreprocessOptions {
        Objects.requireNonNull(configId, "configId");
        Objects.requireNonNull(environment, "environment");
    }

    /** Options for tests and tools: the given id, an environment from a map, a fixed seed. */
    public static PreprocessOptions of(String configId, Map<String, String> env) {
        Map<String, String> copy = Map.copyOf(env);
        return new PreprocessOptions(configId, name -> Optional.ofNullable(copy.get(name)), 1L);
    }
}
