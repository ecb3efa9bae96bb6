package io.fulcrum.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keyword reference (docs/keywords.md), generated from the registry so no keyword goes undocumented and no
 * documented keyword is missing from the reader.
 */
public final class KeywordReference {

    private KeywordReference() {
    }

    public static String markdown(KeywordRegistry registry) {
        Map<String, List<Keyword<?>>> byBlock = new LinkedHashMap<>();
        for (Keyword<?> k : registry.allKeywords()) {
            byBlock.computeIfAbsent(k.block(), b -> new ArrayList<>()).add(k);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# keepalived.conf keyword reference\n\n")
                .append("Generated from Fulcrum's keyword registry (`io.fulcrum.config.KeywordRegistry`); a test fails ")
                .append("when this file and the registry differ.\n\n")
                .append("Status: **supported** (read and acted on), **deprecated** (an old name, accepted with a ")
                .append("warning), **not supported** (recognised, warned about and ignored), **removed** (an error, ")
                .append("as in keepalived), **Fulcrum** (an extension keepalived does not have).\n\n");
        sb.append("Blocks: ");
        List<String> links = new ArrayList<>();
        for (String block : byBlock.keySet()) {
            links.add("[" + (block.equals(KeywordRegistry.ROOT) ? "top level" : block) + "](#" + anchor(block) + ")");
        }
        sb.append(String.join(", ", links)).append("\n");
        for (var e : byBlock.entrySet()) {
            sb.append("\n## ").append(e.getKey().equals(KeywordRegistry.ROOT) ? "top level" : e.getKey())
                    .append("\n\n| keyword | syntax | status | description |\n|---|---|---|---|\n");
            for (Keyword<?> k : e.getValue()) {
                sb.append("| ").append(cell(k.name())).append(" | `").append(k.syntax().replace("|", "\\|"))
                        .append("` | ").append(status(k)).append(" | ").append(cell(k.help())).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String anchor(String block) {
        return block.equals(KeywordRegistry.ROOT) ? "top-level" : block.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9_ -]", "").replace(' ', '-');
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

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ");
    }
}
