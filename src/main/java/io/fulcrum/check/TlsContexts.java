package io.fulcrum.check;

import io.fulcrum.config.model.SslSpec;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The client TLS context of SSL_GET checkers from the top-level {@code SSL} block, with PEM files loaded by
 * Netty's {@link SslContextBuilder} (certificates; keys in PKCS#8, plain or encrypted with {@code password}).
 *
 * <ul>
 *   <li>{@code ca}: the server's certificate chain must lead to it (no host name check: checkers connect to
 *       addresses). keepalived loads the CA but never sets SSL_VERIFY_PEER, so it accepts any certificate even
 *       with a ca; Fulcrum verifies, which is what configuring a ca asks for.</li>
 *   <li>no {@code ca} (or no SSL block, keepalived's "autogen" context): the server is not verified at all, as in
 *       keepalived.</li>
 *   <li>{@code certificate} and {@code key}: the client certificate chain and its key (the key may sit in the
 *       certificate file when {@code key} is not set).</li>
 * </ul>
 */
final class TlsContexts {

    private TlsContexts() {
    }

    /** The context for {@code ssl}; throws IOException naming the file or setting that is wrong. */
    static SSLContext client(Optional<SslSpec> ssl) throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        Optional<String> ca = ssl.flatMap(SslSpec::ca);
        if (ca.isPresent()) {
            b.trustManager(readable(ca.get(), "ca"));
        } else {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        Optional<String> cert = ssl.flatMap(SslSpec::certificate);
        Optional<String> key = ssl.flatMap(SslSpec::key);
        if (cert.isPresent()) {
            b.keyManager(readable(cert.get(), "certificate"), readable(key.orElse(cert.get()), "key"),
                    ssl.flatMap(SslSpec::password).orElse(null));
        } else if (key.isPresent()) {
            throw new IOException("SSL key " + key.get() + " is set without a certificate");
        }
        try {
            SslContext ctx = b.build();
            return ((JdkSslContext) ctx).context();
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /** A context that accepts any server certificate (genhash; SSL_GET without a ca). */
    static SSLContext trustingAll() throws IOException {
        return client(Optional.empty());
    }

    private static File readable(String path, String what) throws IOException {
        File f = new File(path);
        if (!f.canRead()) {
            throw new IOException("SSL " + what + " file " + path + " cannot be read");
        }
        return f;
    }
}
