package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * keepalived's predefined parameters, computed at each use:
 * {@code ${_PWD}} (directory of the file being read), {@code ${_INSTANCE}} (the config id),
 * {@code ${_RANDOM [MIN [MAX]]}} (an integer in [MIN, MAX], defaults 0 and 32767, from a generator seeded with
 * {@link PreprocessOptions#randomSeed()} so a load is repeatable), {@code ${_ENV NAME}} (an environment variable,
 * keepalived 2.3+), {@code ${_HASH}} ({@code #}) and {@code ${_BANG}} ({@code !}).
 * A user definition of the same name takes precedence (keepalived allows overriding them).
 */
final class PredefinedParameters {

    private static final Pattern RANDOM_PARAMS = Pattern.compile("[0-9]+( +[0-9]+)*");
    private static final Pattern ENV_PARAM = Pattern.compile("[^ \t]+");
    private static final long RANDOM_MAX = 32767;

    private final PreprocessOptions options;
    private final SplittableRandom random;
    private final Diagnostics diagnostics;

    PredefinedParameters(PreprocessOptions options, SplittableRandom random, Diagnostics diagnostics) {
        this.options = options;
        this.random = random;
        this.diagnostics = diagnostics;
    }

    /**
     * The value of a predefined parameter, or empty when {@code name} is not one or the reference is not usable
     * (then it stays in the text verbatim).
     *
     * @param params text after the name inside {@code ${...}} (leading spaces removed), or null
     */
    Optional<String> value(String name, String params, SourcePos at, String currentDirectory) {
        return switch (name) {
            case "_PWD" -> params == null ? Optional.of(currentDirectory) : Optional.empty();
            case "_INSTANCE" -> params == null ? Optional.of(options.configId()) : Optional.empty();
            case "_HASH" -> params == null ? Optional.of("#") : Optional.empty();
            case "_BANG" -> params == null ? Optional.of("!") : Optional.empty();
            case "_RANDOM" -> randomValue(params, at);
            case "_ENV" -> environmentValue(params, at);
            default -> Optional.empty();
        };
    }

    private Optional<String> randomValue(String params, SourcePos at) {
        long min = 0;
        long max = RANDOM_MAX;
        if (params != null) {
            if (!RANDOM_PARAMS.matcher(params).matches()) {
                return Optional.empty();
            }
            String[] numbers = params.split(" +");
            try {
                min = Long.parseLong(numbers[0]);
                if (numbers.length > 1) {
                    max = Long.parseLong(numbers[1]);
                }
            } catch (NumberFormatException e) {
                diagnostics.error(at, "${_RANDOM " + params + "}: number too large: expected MIN and MAX up to "
                        + Long.MAX_VALUE);
                return Optional.empty();
            }
            if (numbers.length > 2) {
                diagnostics.warning(at, "${_RANDOM " + params + "}: expected at most MIN and MAX; the other "
                        + (numbers.length - 2) + " number(s) are ignored");
            }
            if (min > max) {
                diagnostics.error(at, "${_RANDOM " + params + "}: expected MIN <= MAX, got " + min + " > " + max);
                return Optional.empty();
            }
        }
        long value = max < Long.MAX_VALUE ? random.nextLong(min, max + 1) : random.nextLong(min - 1, max) + 1;
        return Optional.of(Long.toString(value));
    }

    private Optional<String> environmentValue(String params, SourcePos at) {
        if (params == null || !ENV_PARAM.matcher(params).matches()) {
            diagnostics.error(at, "${_ENV" + (params == null ? "" : " " + params)
                    + "}: expected the name of one environment variable, as in ${_ENV HOME}");
            return Optional.empty();
        }
        Optional<String> value = Objects.requireNonNullElse(options.environment().apply(params), Optional.empty());
        if (value.isEmpty()) {
            diagnostics.warning(at, "environment variable " + params + " is not set: ${_ENV " + params
                    + "} is empty");
        }
        return Optional.of(value.orElse(""));
    }
}
