package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every example of the keyword reference is read by the real parser inside its enclosing blocks (the examples of
 * those blocks, so the wrappers are documented examples too): a supported keyword must give no problem at all, a
 * deprecated one exactly its deprecation warning, a not-supported one exactly the "not supported" warning, a
 * removed one exactly its error. And the examples table names only keywords the registry has.
 */
class KeywordDocsExamplesTest {

    /** Objects the examples refer to by name; each is left out when the example itself defines it. */
    private static final Map<String, String> PRELUDE = new LinkedHashMap<>();

    static {
        PRELUDE.put("vrrp_script chk_nginx", "vrrp_script chk_nginx {\n    script \"/usr/bin/pgrep nginx\"\n}\n");
        PRELUDE.put("track_file tf_maint", "track_file tf_maint {\n    file /var/run/fulcrum/maintenance\n}\n");
        PRELUDE.put("vrrp_track_process tp_nginx", "vrrp_track_process tp_nginx {\n    process nginx\n}\n");
        PRELUDE.put("bfd_instance bfd_peer", "bfd_instance bfd_peer {\n    neighbor_ip 192.0.2.2\n}\n");
        PRELUDE.put("vrrp_instance VI_1", "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n"
                + "    priority 100\n    virtual_ipaddress {\n        192.0.2.100/24 dev eth0\n    }\n}\n");
        PRELUDE.put("vrrp_instance VI_2", "vrrp_instance VI_2 {\n    interface eth1\n    virtual_router_id 52\n"
                + "    priority 100\n    virtual_ipaddress {\n        198.51.100.100/24 dev eth1\n    }\n}\n");
    }

    private final KeywordRegistry registry = new KeywordRegistry();
    private final KeywordExamples examples = KeywordExamples.load();

    /** A keyword with the keywords whose blocks enclose it, outermost first. */
    private record Placed(List<Keyword<?>> path, Keyword<?> keyword) {
        String where() {
            StringBuilder sb = new StringBuilder();
            for (Keyword<?> k : path) {
                sb.append(k.name()).append(" > ");
            }
            return sb.append(keyword.name()).toString();
        }
    }

    @Test
    void everyKeywordHasAnExample() {
        List<String> missing = new ArrayList<>();
        for (Keyword<?> k : registry.allKeywords()) {
            if (examples.example(k.block(), k.name()).isEmpty()) {
                missing.add("[" + k.block() + "] " + k.name());
            }
        }
        assertThat(missing).as("keywords without an example in keyword-examples.txt").isEmpty();
    }

    @Test
    void everyExampleNamesAKeywordOfTheRegistry() {
        Set<String> known = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Keyword<?> k : registry.allKeywords()) {
            known.add(k.block() + " " + k.name());
            names.add(k.name());
        }
        List<String> unknown = new ArrayList<>();
        for (KeywordExamples.Example e : examples.all()) {
            boolean exists = e.block().equals(KeywordExamples.ANY_BLOCK) ? names.contains(e.keyword())
                    : known.contains(e.block() + " " + e.keyword());
            if (!exists && !e.pending()) {
                unknown.add("keyword-examples.txt:" + e.line() + ": [" + e.block() + "] " + e.keyword());
            }
        }
        for (String d : examples.factKeys()) {
            if (!known.contains(d) && !d.startsWith(KeywordExamples.ANY_BLOCK + " ")) {
                unknown.add("default, warning or replaces line for " + d);
            }
        }
        assertThat(unknown).as("examples or defaults of keywords the registry does not have").isEmpty();
    }

    @Test
    void everyExampleIsReadAsItsStatusSays() {
        List<String> failures = new ArrayList<>();
        List<Placed> all = new ArrayList<>();
        walk(registry.root(), new ArrayList<>(), all);
        assertThat(all.size()).isGreaterThanOrEqualTo(registry.allKeywords().size());
        for (Placed p : all) {
            String text;
            try {
                text = document(p);
            } catch (IllegalStateException e) {
                failures.add(p.where() + ": " + e.getMessage());
                continue;
            }
            List<Problem> problems = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                    .loadText("example.conf", Path.of("."), text).problems();
            String verdict = verdict(p, problems);
            if (verdict != null) {
                failures.add(p.where() + ": " + verdict + "\n" + number(text));
            }
        }
        assertThat(failures).as("examples not read as their status says").isEmpty();
    }

    @Test
    void blockExamplesWrapTheirKeywords() {
        String wrapped = insert("vrrp_instance VI_1 {\n    priority 100\n    virtual_ipaddress {\n        192.0.2.1\n"
                + "    }\n}", "priority 150");
        assertThat(wrapped).isEqualTo("vrrp_instance VI_1 {\n    virtual_ipaddress {\n        192.0.2.1\n    }\n"
                + "    priority 150\n}");
        assertThat(insert("a {\n    b {\n        c\n    }\n    d\n}", "b {\n    e\n}"))
                .isEqualTo("a {\n    d\n    b {\n        e\n    }\n}");
    }

    /**
     * Null when the problems are what the keyword's status calls for (with the warnings of deprecated enclosing
     * blocks and those the examples file declares), else what is wrong.
     */
    private String verdict(Placed p, List<Problem> problems) {
        List<Problem> rest = new ArrayList<>(problems);
        List<String> missing = new ArrayList<>();
        List<String> blocks = p.path().stream().map(Keyword::name).toList();
        for (Keyword<?> outer : p.path()) {
            expectOwn(outer, blocks, rest, missing);
        }
        Keyword<?> k = p.keyword();
        expectOwn(k, blocks, rest, missing);
        if (k.status() == KeywordStatus.UNSUPPORTED) {
            expect(rest, missing, "the warning \"'" + k.name() + "' is recognised but not supported\"",
                    x -> !x.isError() && x.message().equals(unsupported(k.name())));
        } else if (k.status() == KeywordStatus.REMOVED) {
            expect(rest, missing, "the error \"unknown keyword '" + k.name() + "'\"",
                    x -> x.isError() && x.message().startsWith("unknown keyword '" + k.name() + "'"));
        }
        if (missing.isEmpty() && rest.isEmpty()) {
            return null;
        }
        return k.status() + " keyword: expected " + (missing.isEmpty() ? "nothing more" : missing)
                + ", got also " + rest.stream().map(Problem::format).toList();
    }

    /** A keyword's own warnings wherever it stands: the deprecation warning, and those the file declares. */
    private void expectOwn(Keyword<?> k, List<String> blocks, List<Problem> rest, List<String> missing) {
        if (k.status() == KeywordStatus.DEPRECATED) {
            expect(rest, missing, "the deprecation warning of " + k.name(),
                    x -> !x.isError() && x.message().contains("deprecated") && x.message().contains(k.name()));
            registry.allKeywords().stream()
                    .filter(r -> r.block().equals(k.block()) && r.name().equals(k.replacement())
                            && r.status() == KeywordStatus.UNSUPPORTED)
                    .findFirst()
                    .ifPresent(r -> expect(rest, missing, "the 'not supported' warning of " + r.name(),
                            x -> !x.isError() && x.message().equals(unsupported(r.name()))));
        }
        for (KeywordExamples.Warning w : examples.warnings(k.block(), k.name())) {
            if (w.inside().isEmpty() || blocks.contains(w.inside())) {
                expect(rest, missing, "the warning \"" + w.text() + "\"",
                        x -> !x.isError() && x.message().equals(w.text()));
            }
        }
    }

    private static void expect(List<Problem> rest, List<String> missing, String what,
            java.util.function.Predicate<Problem> match) {
        for (int i = 0; i < rest.size(); i++) {
            if (match.test(rest.get(i))) {
                rest.remove(i);
                return;
            }
        }
        missing.add(what);
    }

    private static String unsupported(String name) {
        return "'" + name + "' is recognised but not supported by Fulcrum; ignored";
    }

    /** Every place of every keyword, following shared grammars along each path that reaches them. */
    private static void walk(BlockGrammar<?> g, List<Keyword<?>> path, List<Placed> out) {
        if (path.size() > 8) {
            throw new IllegalStateException("grammar nesting deeper than 8 at " + path);
        }
        for (Keyword<?> k : g.keywords()) {
            out.add(new Placed(List.copyOf(path), k));
            if (k.sub().isPresent() && path.stream().noneMatch(p -> p == k)) {
                path.add(k);
                walk(k.sub().get(), path, out);
                path.removeLast();
            }
        }
    }

    /** The configuration that holds the keyword's example inside its enclosing blocks' examples. */
    private String document(Placed p) {
        String text = exampleOf(p.keyword());
        List<String> replaced = examples.replaces(p.keyword().block(), p.keyword().name());
        for (Keyword<?> outer : p.path().reversed()) {
            text = insert(exampleOf(outer), text, replaced);
            replaced = List.of();
        }
        String[] head = text.split("\\s+", 3);
        String defines = head.length >= 2 ? head[0] + " " + head[1] : "";
        StringBuilder sb = new StringBuilder();
        PRELUDE.forEach((key, block) -> {
            if (!key.equals(defines)) {
                sb.append(block);
            }
        });
        return sb.append(text).append('\n').toString();
    }

    private String exampleOf(Keyword<?> k) {
        return examples.example(k.block(), k.name()).map(KeywordExamples.Example::text)
                .orElseThrow(() -> new IllegalStateException("no example for [" + k.block() + "] " + k.name()));
    }

    static String insert(String outer, String inner) {
        return insert(outer, inner, List.of());
    }

    /**
     * The block example {@code outer} with {@code inner} as its last statements; statements of the block that
     * start with a word that starts a statement of {@code inner}, or with one of {@code replaced}, are taken out
     * (with their own blocks) so nothing is given twice.
     */
    static String insert(String outer, String inner, List<String> replaced) {
        List<String> lines = List.of(outer.split("\n"));
        if (lines.size() < 2 || !lines.getLast().strip().equals("}")) {
            throw new IllegalStateException("the example of the enclosing block must end with '}' on a line "
                    + "of its own: " + outer);
        }
        Set<String> words = new HashSet<>(replaced);
        int level = 0;
        for (String line : inner.split("\n")) {
            String s = line.strip();
            if (level == 0 && !s.isEmpty()) {
                words.add(s.split("\\s+")[0]);
            }
            level += count(s, '{') - count(s, '}');
        }
        List<String> out = new ArrayList<>();
        out.add(lines.getFirst());
        int depth = 0;
        boolean skipping = false;
        for (String line : lines.subList(1, lines.size() - 1)) {
            String s = line.strip();
            if (depth == 0) {
                skipping = words.contains(s.split("\\s+")[0]);
            }
            depth += count(s, '{') - count(s, '}');
            if (!skipping) {
                out.add(line);
            }
        }
        for (String line : inner.split("\n")) {
            out.add(line.isEmpty() ? "" : "    " + line);
        }
        out.add(lines.getLast());
        return String.join("\n", out);
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** The lines of the example (not those of the prelude), numbered as in the problems. */
    private static String number(String text) {
        StringBuilder sb = new StringBuilder();
        String[] lines = text.split("\n");
        int preludeLines = 0;
        for (String block : PRELUDE.values()) {
            if (text.contains(block)) {
                preludeLines += (int) block.chars().filter(c -> c == '\n').count();
            }
        }
        for (int i = preludeLines; i < lines.length; i++) {
            sb.append(String.format("    %3d  %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }
}
