package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses keepalived's line generators at the start of a line:
 * <ul>
 *   <li>{@code ~SEQ(var, start, step, end)}, {@code ~SEQ(var, start, end)} (step 1 or -1 towards end) and
 *       {@code ~SEQ(var, end)} (start 1, or -1 when end &lt; 0; step 1, or -1 when end &lt; 1). Numbers are read
 *       like C's {@code strtol(..., 0)}: {@code 0x1f} hex, {@code 017} octal. {@code ~SEQx} formats the values in
 *       lower-case hex and needs non-negative numbers. A zero step, or one going away from end, is an error.</li>
 *   <li>{@code ~LST(var, v1, v2, ...)} and {@code ~LST({a, b}, {1, 2}, {3, 4})} (several variables at once).
 *       Values may be empty but may not contain white space, quotes or braces.</li>
 * </ul>
 * Parameters in the part between the parentheses are substituted first. The rest of the line after {@code )} is
 * the body, repeated once per value with the variables defined (the body may start with another generator).
 * Differences from keepalived 2.2.7: an empty number ({@code ~SEQ(i,,3)}) is an error rather than 0; a
 * {@code ~LST} group with fewer values than variables is an error rather than leaving the others empty; and
 * parameters are substituted in {@code ~LST} values too ({@code ~LST(V, ${A}, b)}), which 2.2.7 rejects as an invalid
 * specification (it substitutes only in {@code ~SEQ}'s numbers).
 */
final class LineGenerators {

    /** Values one generator may produce; more is an error (keepalived's own examples stay far below). */
    static final int MAX_VALUES = 1_000_000;

    /**
     * A parsed generator.
     *
     * @param values one list per round, each with a value per variable
     */
    record Generator(List<String> variables, Rounds values, SourceLine body) {
    }

    /** The rounds of a generator, computed on demand so a long sequence is not held in memory. */
    interface Rounds {
        long count();

        List<String> get(long round);
    }

    private final ParameterExpander expander;
    private final Diagnostics diagnostics;

    LineGenerators(ParameterExpander expander, Diagnostics diagnostics) {
        this.expander = expander;
        this.diagnostics = diagnostics;
    }

    static boolean isGenerator(SourceLine line) {
        return line.startsWith("~SEQ") || line.startsWith("~LST");
    }

    /** Parses the generator that starts {@code line}; empty after reporting an error. */
    Optional<Generator> parse(SourceLine line, String currentDirectory) {
        return line.startsWith("~SEQ") ? sequence(line, currentDirectory) : list(line, currentDirectory);
    }

    private Optional<Generator> sequence(SourceLine line, String currentDirectory) {
        String t = line.text();
        boolean hex = t.length() > 4 && t.charAt(4) == 'x';
        String kw = hex ? "~SEQx" : "~SEQ";
        String usage = ", as in " + kw + "(var, start, step, end)";
        int open = line.skipBlanks(kw.length());
        if (open >= t.length() || t.charAt(open) != '(') {
            return fail(line, open, kw + ": expected '(' after " + kw + usage);
        }
        int nameStart = line.skipBlanks(open + 1);
        int i = nameStart;
        while (i < t.length() && !SourceLine.isBlank(t.charAt(i)) && t.charAt(i) != ',' && t.charAt(i) != ')') {
            i++;
        }
        String variable = t.substring(nameStart, i);
        if (!Definitions.isName(variable)) {
            return fail(line, nameStart, kw + ": expected a variable name (letters, digits, _) after '(', got '"
                    + variable + "'" + usage);
        }
        i = line.skipBlanks(i);
        if (i >= t.length() || t.charAt(i) != ',') {
            return fail(line, i, kw + ": expected ',' and then [start, [step,]] end after the variable" + usage);
        }
        int close = t.indexOf(')', i);
        if (close < 0) {
            return fail(line, t.length(), kw + ": expected ')' after the numbers" + usage);
        }
        Optional<String> params = expandSpec(line.slice(i + 1, close), currentDirectory, kw);
        if (params.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = params.get().split(",", -1);
        if (parts.length > 3) {
            return fail(line, i + 1, kw + ": expected at most 3 numbers (start, step, end), got " + parts.length);
        }
        long[] n = new long[parts.length];
        for (int k = 0; k < parts.length; k++) {
            Optional<Long> number = parseCLong(parts[k].strip());
            if (number.isEmpty()) {
                return fail(line, i + 1, kw + ": expected a number, got '" + parts[k].strip() + "'" + usage);
            }
            n[k] = number.get();
        }
        long start;
        long step;
        long end;
        switch (n.length) {
            case 1 -> {
                end = n[0];
                step = end < 1 ? -1 : 1;
                start = end < 0 ? -1 : 1;
            }
            case 2 -> {
                start = n[0];
                end = n[1];
                step = start <= end ? 1 : -1;
            }
            default -> {
                start = n[0];
                step = n[1];
                end = n[2];
            }
        }
        if (step == 0 || (start < end && step < 0) || (start > end && step > 0)) {
            return fail(line, i + 1, kw + ": expected a non-zero step going from start towards end, got start "
                    + start + ", step " + step + ", end " + end);
        }
        if (hex && (start < 0 || end < 0)) {
            return fail(line, i + 1, "~SEQx: expected non-negative start and end, got " + start + " and " + end);
        }
        BigInteger count = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start))
                .divide(BigInteger.valueOf(step)).add(BigInteger.ONE);
        if (count.compareTo(BigInteger.valueOf(MAX_VALUES)) > 0) {
            return fail(line, i + 1, kw + " would make " + count + " values: expected at most " + MAX_VALUES);
        }
        long first = start;
        long increment = step;
        Rounds rounds = new Rounds() {
            @Override
            public long count() {
                return count.longValue();
            }

            @Override
            public List<String> get(long round) {
                long v = first + round * increment;
                return List.of(hex ? Long.toHexString(v) : Long.toString(v));
            }
        };
        return Optional.of(new Generator(List.of(variable), rounds, line.slice(line.skipBlanks(close + 1))));
    }

    private Optional<Generator> list(SourceLine line, String currentDirectory) {
        String t = line.text();
        String usage = ", as in ~LST(var, value1, value2) or ~LST({var1, var2}, {1, 2}, {3, 4})";
        int open = line.skipBlanks(4);
        if (open >= t.length() || t.charAt(open) != '(') {
            return fail(line, open, "~LST: expected '(' after ~LST" + usage);
        }
        int close = t.indexOf(')', open);
        if (close < 0) {
            return fail(line, t.length(), "~LST: expected ')' after the values" + usage);
        }
        Optional<String> expanded = expandSpec(line.slice(open + 1, close), currentDirectory, "~LST");
        if (expanded.isEmpty()) {
            return Optional.empty();
        }
        String spec = expanded.get().strip();
        List<String> variables = new ArrayList<>();
        String valuesText;
        boolean grouped = spec.startsWith("{");
        if (grouped) {
            int end = spec.indexOf('}');
            if (end < 0) {
                return fail(line, open + 1, "~LST: expected '}' after the variable names" + usage);
            }
            for (String v : spec.substring(1, end).split(",", -1)) {
                variables.add(v.strip());
            }
            valuesText = spec.substring(end + 1).stripLeading();
        } else {
            int comma = spec.indexOf(',');
            variables.add((comma < 0 ? spec : spec.substring(0, comma)).strip());
            valuesText = comma < 0 ? "" : spec.substring(comma);
        }
        for (String v : variables) {
            if (!Definitions.isName(v)) {
                return fail(line, open + 1, "~LST: expected a variable name (letters, digits, _), got '" + v + "'"
                        + usage);
            }
        }
        if (!valuesText.startsWith(",")) {
            return fail(line, open + 1, "~LST: expected ',' and at least one value after the variable" + usage);
        }
        List<List<String>> rounds = new ArrayList<>();
        String problem = grouped ? groups(valuesText.substring(1), variables.size(), rounds)
                : singles(valuesText.substring(1), rounds);
        if (problem != null) {
            return fail(line, open + 1, "~LST: " + problem + usage);
        }
        Rounds values = new Rounds() {
            @Override
            public long count() {
                return rounds.size();
            }

            @Override
            public List<String> get(long round) {
                return rounds.get((int) round);
            }
        };
        return Optional.of(new Generator(List.copyOf(variables), values, line.slice(line.skipBlanks(close + 1))));
    }

    private static String singles(String text, List<List<String>> rounds) {
        for (String v : text.split(",", -1)) {
            String value = v.strip();
            if (!isValue(value)) {
                return "expected a value without white space, quotes or braces, got '" + value + "'";
            }
            rounds.add(List.of(value));
        }
        return null;
    }

    private static String groups(String text, int width, List<List<String>> rounds) {
        String rest = text.strip();
        while (true) {
            if (!rest.startsWith("{")) {
                return "expected a group of " + width + " values in braces, got '" + rest + "'";
            }
            int end = rest.indexOf('}');
            if (end < 0) {
                return "expected '}' to close the group '" + rest + "'";
            }
            List<String> group = new ArrayList<>();
            for (String v : rest.substring(1, end).split(",", -1)) {
                String value = v.strip();
                if (!isValue(value)) {
                    return "expected a value without white space, quotes or braces, got '" + value + "'";
                }
                group.add(value);
            }
            if (group.size() != width) {
                return "expected " + width + " values in each group, got " + group.size() + " in "
                        + rest.substring(0, end + 1);
            }
            rounds.add(List.copyOf(group));
            rest = rest.substring(end + 1).strip();
            if (rest.isEmpty()) {
                return null;
            }
            if (!rest.startsWith(",")) {
                return "expected ',' between groups, got '" + rest + "'";
            }
            rest = rest.substring(1).strip();
        }
    }

    private static boolean isValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (WhiteSpace.isAny(c) || c == '"' || c == '\'' || c == '{' || c == '}') {
                return false;
            }
        }
        return true;
    }

    private Optional<String> expandSpec(SourceLine spec, String currentDirectory, String kw) {
        Optional<ParameterExpander.Expansion> expansion = expander.expand(spec, currentDirectory);
        if (expansion.isEmpty()) {
            return Optional.empty();
        }
        if (!expansion.get().following().isEmpty()) {
            diagnostics.error(spec.start(), kw + ": expected single-line parameters inside the parentheses, got a"
                    + " multi-line one");
            return Optional.empty();
        }
        return Optional.of(expansion.get().line().text());
    }

    /** A number as C's {@code strtol(s, &end, 0)} reads it, requiring the whole string to be the number. */
    static Optional<Long> parseCLong(String s) {
        int i = 0;
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i) && s.length() > i + 1) {
            radix = 8;
            i++;
        }
        String digits = s.substring(i);
        int base = radix;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c < 128 && Character.digit(c, base) >= 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong((negative ? "-" : "") + digits, radix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<Generator> fail(SourceLine line, int index, String message) {
        diagnostics.error(line.pos(index), message);
        return Optional.empty();
    }
}
