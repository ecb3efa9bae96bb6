package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The regular expression a url's body must match (or, with noMatch, must not).
 *
 * @param pattern    the expression (compiled with java.util.regex; it must compile)
 * @param options    regex_options, in order, without repeats
 * @param noMatch    regex_no_match: a match fails the check
 * @param minOffset  regex_min_offset: first body offset searched [0]
 * @param maxOffset  regex_max_offset: last offset a match may start at [none]; greater than minOffset
 * @param stackStart regex_stack START (PCRE2 JIT stack; recorded for compatibility, unused by java.util.regex)
 * @param stackMax   regex_stack MAX
 */
public record RegexSpec(String pattern, List<RegexOption> options, boolean noMatch, OptionalLong minOffset,
        OptionalLong maxOffset, OptionalLong stackStart, OptionalLong stackMax) {

    public RegexSpec {
        Objects.requireNonNull(pattern, "pattern");
        options = List.copyOf(options);
        Objects.requireNonNull(minOffset, "minOffset");
        Objects.requireNonNull(maxOffset, "maxOffset");
        Objects.requireNonNull(stackStart, "stackStart");
        Objects.requireNonNull(stackMax, "stackMax");
        if (options.stream().distinct().count() != options.size()) {
            throw new IllegalArgumentException("repeated regex option");
        }
        if (minOffset.orElse(0) < 0 || maxOffset.orElse(0) < 0) {
            throw new IllegalArgumentException("regex offsets cannot be negative");
        }
        if (maxOffset.isPresent() && minOffset.orElse(0) > maxOffset.getAsLong()) {
            throw new IllegalArgumentException("regex min offset " + minOffset.getAsLong() + " > regex_max_offset "
                    + maxOffset.getAsLong());
        }
        if (stackStart.isPresent() != stackMax.isPresent()
                || stackStart.isPresent() && stackStart.getAsLong() > stackMax.getAsLong()) {
            throw new IllegalArgumentException("regex stack start cannot exceed max value");
        }
        compile(pattern, options);
    }

    /** The compiled expression. */
    public Pattern compiled() {
        return compile(pattern, options);
    }

    /** Compiles with the flags the options map to; throws {@link java.util.regex.PatternSyntaxException}. */
    public static Pattern compile(String pattern, List<RegexOption> options) {
        int flags = 0;
        for (RegexOption o : options) {
            flags |= o.javaFlags();
        }
        return Pattern.compile(pattern, flags);
    }
}
