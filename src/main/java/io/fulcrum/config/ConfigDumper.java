package io.fulcrum.config;

import io.fulcrum.config.model.KeepalivedConfig;

/**
 * Writes a model back as canonical keepalived.conf text: includes expanded, parameters substituted, defaults
 * filled in, one keyword per line. Reading the dump and dumping again gives the same text.
 */
public final class ConfigDumper {

    private ConfigDumper() {
    }

    public static String dump(KeepalivedConfig config) {
        DumpWriter w = new DumpWriter();
        GlobalDefsGrammar.dump(config, w);
        StaticGrammar.dump(config, w);
        VrrpGrammar.dump(config, w);
        LvsGrammar.dump(config, w);
        return w.text();
    }
}
