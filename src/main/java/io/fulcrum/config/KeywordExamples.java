package io.fulcrum.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The example (and, where the registry's help text does not give one, the default) of every keyword, read from
 * {@code keyword-examples.txt} next to this class. The keyword reference shows them; a test reads every example
 * with the real parser inside its enclosing blocks, so the examples cannot drift from what Fulcrum accepts.
 *
 * <p>The file has sections {@code [BLOCK]} (the block's name as the registry has it, {@code [*]} for examples
 * valid in every block that has the keyword and no example of its own) with lines {@code KEYWORD: EXAMPLE}. Lines
 * indented by four spaces continue the example before them (the four spaces are dropped). A keyword written
 * {@code ?NAME} is pending: another change registers it, and until then the check tolerates that the registry
 * does not know it. Further lines add facts about a keyword:
 * <ul>
 * <li>{@code KEYWORD default: TEXT}: its default, where the registry's help text does not say it;</li>
 * <li>{@code KEYWORD warning: TEXT} (or {@code KEYWORD warning in BLOCK: TEXT}, only when inside BLOCK): the
 * warning keepalived and Fulcrum give for the example although the keyword is supported;</li>
 * <li>{@code KEYWORD replaces: WORD ...}: keywords it cannot be given with (the test takes them out of the
 * enclosing example).</li>
 * </ul>
 */
public final class KeywordExamples {

    /** Where every block's examples live; {@code *} holds the ones shared by all blocks. */
    public static final String ANY_BLOCK = "*";

    /**
     * One example.
     *
     * @param block   the block's name, or {@link #ANY_BLOCK}
     * @param keyword the keyword's name
     * @param text    the example, one or more lines
     * @param pending a keyword another change is adding to the registry
     * @param line    its line in the file, for messages
     */
    public record Example(String block, String keyword, String text, boolean pending, int line) {
        public Example {
            Objects.requireNonNull(block, "block");
            Objects.requireNonNull(keyword, "keyword");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A warning a supported keyword's example gives.
     *
     * @param text   the warning's message
     * @param inside the block it is given in (empty: everywhere)
     */
    public record Warning(String text, String inside) {
        public Warning {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(inside, "inside");
        }
    }

    private static final String RESOURCE = "keyword-examples.txt";

    private final Map<String, Example> examples;
    private final Map<String, String> defaults;
    private final Map<String, List<Warning>> warnings;
    private final Map<String, List<String>> replaces;

    private KeywordExamples(Map<String, Example> examples, Map<String, String> defaults,
            Map<String, List<Warning>> warnings, Map<String, List<String>> replaces) {
        this.examples = examples;
        this.defaults = defaults;
        this.warnings = warnings;
        this.replaces = replaces;
    }

    /** The examples shipped with Fulcrum. */
    public static KeywordExamples load() {
        try (InputStream in = KeywordExamples.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing next to "
                        + KeywordExamples.class.getName());
            }
            return parse(RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the file's text; a malformed line is an {@link IllegalArgumentException} naming it. */
    public static KeywordExamples parse(String name, String text) {
        Map<String, Example> examples = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, List<Warning>> warnings = new LinkedHashMap<>();
        Map<String, List<String>> replaces = new LinkedHashMap<>();
        String block = null;
        Example open = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].stripTrailing();
            int no = i + 1;
            if (line.startsWith("    ") && open != null) {
                open = new Example(open.block(), open.keyword(), open.text() + "\n" + line.substring(4),
                        open.pending(), open.line());
                examples.put(key(open.block(), open.keyword()), open);
                continue;
            }
            open = null;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                block = line.substring(1, line.length() - 1);
                continue;
            }
            int colon = line.indexOf(": ");
            if (block == null || colon <= 0 || line.startsWith(" ")) {
                throw new IllegalArgumentException(name + ":" + no + ": expected '[BLOCK]', 'KEYWORD: EXAMPLE', "
                        + "'KEYWORD default: TEXT' or a continuation line indented by four spaces, got: " + line);
            }
            String keyword = line.substring(0, colon);
            String value = line.substring(colon + 2).strip();
            if (keyword.endsWith(" default")) {
                keyword = keyword.substring(0, keyword.length() - " default".length());
                if (defaults.put(key(block, keyword), value) != null) {
                    throw new IllegalArgumentException(name + ":" + no + ": second default for " + block + " "
                            + keyword);
                }
                continue;
            }
            int warning = keyword.indexOf(" warning");
            if (warning > 0) {
                String rest = keyword.substring(warning + " warning".length());
                String inside = rest.startsWith(" in ") ? rest.substring(4).strip() : "";
                if (!rest.isEmpty() && inside.isEmpty()) {
                    throw new IllegalArgumentException(name + ":" + no + ": expected 'KEYWORD warning: TEXT' or "
                            + "'KEYWORD warning in BLOCK: TEXT', got: " + line);
                }
                warnings.computeIfAbsent(key(block, keyword.substring(0, warning)), k -> new ArrayList<>())
                        .add(new Warning(value, inside));
                continue;
            }
            if (keyword.endsWith(" replaces")) {
                keyword = keyword.substring(0, keyword.length() - " replaces".length());
                replaces.put(key(block, keyword), List.of(value.split("\\s+")));
                continue;
            }
            if (keyword.contains(" ")) {
                throw new IllegalArgumentException(name + ":" + no + ": expected a keyword before ':', got: "
                        + keyword);
            }
            boolean pending = keyword.startsWith("?");
            if (pending) {
                keyword = keyword.substring(1);
            }
            open = new Example(block, keyword, value, pending, no);
            if (examples.put(key(block, keyword), open) != null) {
                throw new IllegalArgumentException(name + ":" + no + ": second example for " + block + " "
                        + keyword);
            }
        }
        warnings.replaceAll((k, v) -> List.copyOf(v));
        return new KeywordExamples(Map.copyOf(examples), Map.copyOf(defaults), Map.copyOf(warnings),
                Map.copyOf(replaces));
    }

    /** The example for the keyword of this block: its own, else the shared one of {@code [*]}. */
    public Optional<Example> example(String block, String keyword) {
        Example own = examples.get(key(block, keyword));
        return own != null ? Optional.of(own) : Optional.ofNullable(examples.get(key(ANY_BLOCK, keyword)));
    }

    /** The default written in the file for the keyword of this block, when the registry's help has none. */
    public Optional<String> defaultValue(String block, String keyword) {
        String own = defaults.get(key(block, keyword));
        return own != null ? Optional.of(own) : Optional.ofNullable(defaults.get(key(ANY_BLOCK, keyword)));
    }

    /** The warnings the keyword's example gives although it is supported (keepalived gives them too). */
    public List<Warning> warnings(String block, String keyword) {
        return warnings.getOrDefault(key(block, keyword), List.of());
    }

    /** Keywords that cannot be given together with this one. */
    public List<String> replaces(String block, String keyword) {
        return replaces.getOrDefault(key(block, keyword), List.of());
    }

    /** Every example, in no particular order. */
    public List<Example> all() {
        return new ArrayList<>(examples.values());
    }

    /** Blocks and keywords that have a default, warning or replaces line in the file, as {@code BLOCK KEYWORD}. */
    public List<String> factKeys() {
        List<String> keys = new ArrayList<>(defaults.keySet());
        keys.addAll(warnings.keySet());
        keys.addAll(replaces.keySet());
        return keys.stream().map(k -> k.replace('\u0000', ' ')).toList();
    }

    private static String key(String block, String keyword) {
        return block + '\u0000' + keyword;
    }
}
