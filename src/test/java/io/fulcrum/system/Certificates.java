package io.fulcrum.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Self-signed certificates made by {@code openssl} for the tests' TLS servers. */
final class Certificates {

    private Certificates() {
    }

    /** Writes {@code dir/key.pem} and {@code dir/cert.pem}, a self-signed RSA certificate for {@code cn}. */
    static void selfSigned(Path dir, String cn) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=" + cn, "-keyout", dir.resolve("key.pem").toString(), "-out",
                dir.resolve("cert.pem").toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl req failed: " + new String(out));
        }
    }
}
