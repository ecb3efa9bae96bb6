package io.fulcrum.config;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.SslSpec;
import io.fulcrum.config.model.VirtualServer;
import java.util.Optional;

/**
 * The LVS side of keepalived.conf (reference sections 1.7 to 1.10): the {@code SSL} block,
 * {@code virtual_server_group} and {@code virtual_server} with its real servers and checkers. Grammars live in
 * {@link VirtualServerGrammar}, {@link RealServerGrammar}, {@link CheckerGrammar}, {@link HttpCheckGrammar} and
 * {@link VirtualServerGroupGrammar}; keepalived's whole-configuration rules in {@link VirtualServerFinisher}.
 */
final class LvsGrammar {

    private LvsGrammar() {
    }

    /** SSL block as read. */
    private static final class SslBuilder {
        Optional<String> password = Optional.empty();
        Optional<String> ca = Optional.empty();
        Optional<String> certificate = Optional.empty();
        Optional<String> key = Optional.empty();
    }

    private static Optional<String> sslFile(Args a, Optional<String> old, String what) {
        Optional<String> v = LvsArgs.nonEmptyWord(a);
        if (v.isEmpty()) {
            return old;
        }
        if (old.isPresent()) {
            a.warning("SSL " + what + " already specified - replacing");
        }
        return v;
    }

    static final BlockGrammar<SslBuilder> SSL = new BlockGrammar<SslBuilder>("SSL")
        .add("password", "password PASSWORD", "Password of the private key.",
            (a, s) -> s.password = sslFile(a, s.password, "password"))
        .add("ca", "ca FILE", "CA certificates the real servers' certificates are checked against.",
            (a, s) -> s.ca = sslFile(a, s.ca, "cafile"))
        .add("certificate", "certificate FILE", "Client certificate presented by SSL_GET.",
            (a, s) -> s.certificate = sslFile(a, s.certificate, "certfile"))
        .add("key", "key FILE", "Private key of the client certificate.",
            (a, s) -> s.key = sslFile(a, s.key, "keyfile"));

    static void register(BlockGrammar<ConfigBuilder> root) {
        root.addBlock("SSL", "SSL { password P; ca F; certificate F; key F }",
            "Client TLS context of SSL_GET checkers; generated when empty.", SSL, (a, cfg) -> {
                a.arity(0, 0);
                if (cfg.ssl.isPresent()) {
                    a.warning("SSL context already specified - replacing");
                }
                SslBuilder s = new SslBuilder();
                a.block(SSL, s);
                cfg.ssl = Optional.of(new SslSpec(s.password, s.ca, s.certificate, s.key));
            });
        VirtualServerGroupGrammar.register(root);
        VirtualServerGrammar.register(root);
    }

    static void dump(KeepalivedConfig config, DumpWriter w) {
        config.ssl().ifPresent(s -> {
            w.open("SSL");
            w.optional("password", s.password());
            w.optional("ca", s.ca());
            w.optional("certificate", s.certificate());
            w.optional("key", s.key());
            w.close();
        });
        VirtualServerGroupGrammar.dump(config, w);
        for (VirtualServer vs : config.virtualServers()) {
            LvsDump.virtualServer(vs, w);
        }
    }
}
