package io.fulcrum.config;

/** Placeholder: global_defs grammar. */
final class GlobalDefsGrammar {
    private GlobalDefsGrammar() {
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
    }

    static void dump(io.fulcrum.config.model.KeepalivedConfig config, DumpWriter w) {
    }
}
