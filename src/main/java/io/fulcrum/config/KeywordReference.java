package io.fulcrum.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keyword reference (docs/keywords.md), generated from the registry and {@link KeywordExamples} so no keyword
 * goes undocumented and no documented keyword is missing from the reader. Every keyword gets one entry of the same
 * shape: syntax, purpose, block, arguments, default, keepalived compatibility, example.
 */
public final class KeywordReference {

    /** The default in a help text: the first {@code [...]} ending a sentence or clause. */
    private static final Pattern DEFAULT = Pattern.compile(" \\[([^\\[\\]]+)\\](?=[.;,]|$)");

    private KeywordReference() {
    }

    /** One keyword and the ways to it from the top level (the blocks that enclose it, outermost first). */
    private record Placed(Keyword<?> keyword, List<List<String>> paths) {
    }

    public static String markdown(KeywordRegistry registry) {
        return markdown(registry, KeywordExamples.load());
    }

    public static String markdown(KeywordRegistry registry, KeywordExamples examples) {
        Map<String, List<Placed>> byBlock = new LinkedHashMap<>();
        for (Placed p : placed(registry)) {
            byBlock.computeIfAbsent(p.keyword().block(), b -> new ArrayList<>()).add(p);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# keepalived.conf keyword reference\n\n")
                .append("Generated from Fulcrum's keyword registry (`io.fulcrum.config.KeywordRegistry`) and its ")
                .append("examples (`io/fulcrum/config/keyword-examples.txt`); a test fails when this file and the ")
                .append("registry differ, when a keyword has no example, or when an example is not read by the ")
                .append("parser as its status says.\n\n")
                .append("Every entry has the same shape: **syntax**, **purpose**, **block** (where it is written), ")
                .append("**arguments**, **default** (when the keyword is absent), **keepalived** (how it compares ")
                .append("with keepalived 2.2/2.4) and an **example**. In syntax, `UPPER` words are values, `[...]` ")
                .append("is optional, `a|b` is a choice, `N..M` a range, and `<BOOL>` an optional ")
                .append("`on|off|yes|no|true|false` (the keyword alone means on).\n\n")
                .append("Status: **supported** (read and acted on), **deprecated** (an old name, accepted with a ")
                .append("warning), **not supported** (recognised, warned about and ignored), **removed** (an error, ")
                .append("as in keepalived), **Fulcrum** (an extension keepalived does not have).\n\n");
        sb.append("Blocks: ");
        List<String> links = new ArrayList<>();
        for (String block : byBlock.keySet()) {
            links.add("[" + title(block) + "](#" + anchor(block) + ")");
        }
        sb.append(String.join(", ", links)).append("\n");
        for (var e : byBlock.entrySet()) {
            sb.append("\n<a id=\"").append(anchor(e.getKey())).append("\"></a>\n\n## ").append(title(e.getKey()))
                    .append("\n\n");
            List<String> index = new ArrayList<>();
            for (Placed p : e.getValue()) {
                index.add("[" + entryTitle(p.keyword()) + "](#" + entryAnchor(p.keyword()) + ")");
            }
            sb.append(String.join(" · ", index)).append("\n");
            for (Placed p : e.getValue()) {
                entry(sb, p, examples);
            }
        }
        return sb.toString();
    }

    private static void entry(StringBuilder sb, Placed p, KeywordExamples examples) {
        Keyword<?> k = p.keyword();
        sb.append("\n<a id=\"").append(entryAnchor(k)).append("\"></a>\n")
                .append("### ").append(entryTitle(k)).append("\n\n")
                .append("- **Syntax:** ").append(code(k.syntax())).append("\n")
                .append("- **Purpose:** ").append(text(purpose(k.help()))).append("\n")
                .append("- **Block:** ").append(block(p)).append("\n")
                .append("- **Arguments:** ").append(arguments(k)).append("\n")
                .append("- **Default:** ").append(text(defaultOf(k, examples))).append("\n")
                .append("- **Status:** ").append(status(k)).append("\n")
                .append("- **keepalived:** ").append(compatibility(k)).append(warnings(k, examples)).append("\n")
                .append("- **Example:**\n\n  ```\n");
        String example = examples.example(k.block(), k.name()).map(KeywordExamples.Example::text)
                .orElse("(no example)");
        for (String line : example.split("\n", -1)) {
            sb.append(line.isEmpty() ? "" : "  " + line).append("\n");
        }
        sb.append("  ```\n");
    }

    /** The keywords in {@link KeywordRegistry#allKeywords()} order, each with every path that reaches it. */
    private static List<Placed> placed(KeywordRegistry registry) {
        Map<Keyword<?>, List<List<String>>> paths = new IdentityHashMap<>();
        visit(registry.root(), List.of(), paths, Collections.newSetFromMap(new IdentityHashMap<>()));
        List<Placed> out = new ArrayList<>();
        for (Keyword<?> k : registry.allKeywords()) {
            out.add(new Placed(k, paths.getOrDefault(k, List.of(List.of()))));
        }
        return out;
    }

    private static void visit(BlockGrammar<?> g, List<String> path, Map<Keyword<?>, List<List<String>>> out,
            Set<Keyword<?>> onPath) {
        for (Keyword<?> k : g.keywords()) {
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(path);
            if (k.sub().isPresent() && onPath.add(k)) {
                List<String> inner = new ArrayList<>(path);
                inner.add(k.name());
                visit(k.sub().get(), List.copyOf(inner), out, onPath);
                onPath.remove(k);
            }
        }
    }

    static String purpose(String help) {
        Matcher m = DEFAULT.matcher(help);
        return m.find() ? help.substring(0, m.start()) + help.substring(m.end()) : help;
    }

    static String defaultOf(Keyword<?> k, KeywordExamples examples) {
        var given = examples.defaultValue(k.block(), k.name());
        if (given.isPresent()) {
            return given.get();
        }
        Matcher m = DEFAULT.matcher(k.help());
        if (m.find()) {
            return m.group(1);
        }
        return switch (k.status()) {
            case DEPRECATED -> "as " + k.replacement();
            case UNSUPPORTED, REMOVED -> "not applicable";
            case SUPPORTED -> isFlag(k) ? "off" : "none";
        };
    }

    private static boolean isFlag(Keyword<?> k) {
        String args = k.syntax().startsWith(k.name()) ? k.syntax().substring(k.name().length()).strip() : "x";
        return args.isEmpty() || args.equals("[<BOOL>]") || args.equals("[BOOL]");
    }

    private static String arguments(Keyword<?> k) {
        String syntax = k.syntax();
        if (k.status() == KeywordStatus.DEPRECATED) {
            return "those of [" + k.replacement() + "](#kw-" + slug(k.block().equals(KeywordRegistry.ROOT)
                    ? "top-level" : k.block()) + "-" + slug(k.replacement()) + ")";
        }
        if (k.status() == KeywordStatus.REMOVED) {
            return "not applicable";
        }
        String args = syntax.startsWith(k.name() + " ") ? syntax.substring(k.name().length() + 1).strip()
                : syntax.equals(k.name()) ? "" : syntax;
        return args.isEmpty() ? "none" : code(args);
    }

    private static String block(Placed p) {
        String block = p.keyword().block();
        if (block.equals(KeywordRegistry.ROOT)) {
            return "top level of the file";
        }
        List<String> ways = new ArrayList<>();
        for (List<String> path : p.paths()) {
            if (path.size() > 1) {
                ways.add(String.join(" › ", path.stream().map(b -> "`" + b + "`").toList()));
            }
        }
        return "[" + block + "](#" + anchor(block) + ")" + (ways.isEmpty() ? ""
                : " (inside " + String.join(" or ", ways) + ")");
    }

    private static String compatibility(Keyword<?> k) {
        if (k.fulcrumOnly()) {
            return "a Fulcrum extension: keepalived does not know it and reports it as an unknown keyword.";
        }
        return switch (k.status()) {
            case SUPPORTED -> "as in keepalived.";
            case DEPRECATED -> "keepalived's old name for `" + k.replacement()
                    + "`: accepted with keepalived's deprecation warning and read as `" + k.replacement() + "`.";
            case UNSUPPORTED -> "a keepalived keyword Fulcrum does not implement: a warning (\"recognised but not "
                    + "supported\"), then ignored, with its block if it has one.";
            case REMOVED -> "removed from keepalived; an error in both"
                    + (k.replacement().isEmpty() ? "." : " (use `" + k.replacement() + "`).");
        };
    }

    private static String warnings(Keyword<?> k, KeywordExamples examples) {
        StringBuilder sb = new StringBuilder();
        for (KeywordExamples.Warning w : examples.warnings(k.block(), k.name())) {
            sb.append(" Warns").append(w.inside().isEmpty() ? "" : " inside `" + w.inside() + "`")
                    .append(": \"").append(text(w.text())).append("\".");
        }
        return sb.toString();
    }

    private static String status(Keyword<?> k) {
        String s = switch (k.status()) {
            case SUPPORTED -> "supported";
            case DEPRECATED -> "deprecated (use `" + k.replacement() + "`)";
            case UNSUPPORTED -> "not supported";
            case REMOVED -> k.replacement().isEmpty() ? "removed" : "removed (use `" + k.replacement() + "`)";
        };
        return k.fulcrumOnly() ? "Fulcrum" : s;
    }

    private static String title(String block) {
        return block.equals(KeywordRegistry.ROOT) ? "top level" : block;
    }

    private static String entryTitle(Keyword<?> k) {
        return k.name().equals("<entry>") ? "entry lines" : k.name();
    }

    private static String anchor(String block) {
        return "block-" + (block.equals(KeywordRegistry.ROOT) ? "top-level" : slug(block));
    }

    /** A stable anchor per entry: block and keyword, since one keyword may appear in many blocks. */
    static String entryAnchor(Keyword<?> k) {
        return "kw-" + slug(k.block().equals(KeywordRegistry.ROOT) ? "top-level" : k.block()) + "-"
                + (k.name().equals("<entry>") ? "entry" : slug(k.name()));
    }

    private static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_ -]", "").replace(' ', '-');
    }

    private static String code(String s) {
        return s.contains("`") ? "``" + s + "``" : "`" + s + "`";
    }

    private static String text(String s) {
        return s.replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
