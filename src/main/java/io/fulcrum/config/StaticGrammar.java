package io.fulcrum.config;

/** Placeholder: StaticGrammar. */
final class StaticGrammar {
    private StaticGrammar() {
    }

    static void register(BlockGrammar<ConfigBuilder> root) {
    }

    static void dump(io.fulcrum.config.model.KeepalivedConfig config, DumpWriter w) {
    }
}
