package io.fulcrum.config;

/** Placeholder: LvsGrammar. */
final class LvsGrammar {
    private LvsGrammar() {
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
    }

    static void dump(io.fulcrum.config.model.KeepalivedConfig config, DumpWriter w) {
    }
}
