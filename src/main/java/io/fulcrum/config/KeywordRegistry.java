package io.fulcrum.config;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every keyword Fulcrum knows, as one tree of block grammars rooted at the top level of keepalived.conf. Each
 * feature contributes its blocks ({@link GlobalDefsGrammar}, {@link StaticGrammar}, {@link VrrpGrammar},
 * {@link LvsGrammar}); the reference documentation is checked against {@link #allKeywords()}.
 */
public final class KeywordRegistry {

    public static final String ROOT = "<root>";

    private final BlockGrammar<ConfigBuilder> root = new BlockGrammar<>(ROOT);
    private final Map<String, List<String>> blocksByKeyword;

    public KeywordRegistry() {
        GlobalDefsGrammar.register(root);
        StaticGrammar.register(root);
        VrrpGrammar.register(root);
        LvsGrammar.register(root);
        RootGrammar.register(root);
        Map<String, List<String>> index = new TreeMap<>();
        for (Keyword<?> k : allKeywords()) {
            if (!k.name().startsWith("<")) {
                List<String> blocks = index.computeIfAbsent(k.name(), x -> new ArrayList<>());
                if (!blocks.contains(k.block())) {
                    blocks.add(k.block());
                }
            }
        }
        index.replaceAll((k, v) -> List.copyOf(v));
        this.blocksByKeyword = Map.copyOf(index);
    }

    BlockGrammar<ConfigBuilder> root() {
        return root;
    }

    Map<String, List<String>> blocksByKeyword() {
        return blocksByKeyword;
    }

    /** Every keyword of every block, depth first, each grammar visited once. */
    public List<Keyword<?>> allKeywords() {
        List<Keyword<?>> out = new ArrayList<>();
        visit(root, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** Every block grammar, by name (a name may be shared by grammars reached from different places). */
    public Map<String, BlockGrammar<?>> blocks() {
        Map<String, BlockGrammar<?>> out = new LinkedHashMap<>();
        collect(root, out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void visit(BlockGrammar<?> g, List<Keyword<?>> out, Set<BlockGrammar<?>> seen) {
        if (!seen.add(g)) {
            return;
        }
        for (Keyword<?> k : g.keywords()) {
            out.add(k);
            k.sub().ifPresent(s -> visit(s, out, seen));
        }
    }

    private static void collect(BlockGrammar<?> g, Map<String, BlockGrammar<?>> out, Set<BlockGrammar<?>> seen) {
        if (!seen.add(g)) {
            return;
        }
        out.putIfAbsent(g.name(), g);
        for (Keyword<?> k : g.keywords()) {
            k.sub().ifPresent(s -> collect(s, out, seen));
        }
    }
}
