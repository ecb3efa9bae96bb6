package io.fulcrum.system;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx in a namespace: one process (master_process off, so killing it takes the server down at once),
 * serving {@code index.html} over HTTP on ADDRESS:80 and, with a certificate, HTTPS on ADDRESS:443.
 */
final class Nginx {

    private final SystemLab lab;
    private final Netns ns;
    private final String name;
    private final Path conf;
    private final String address;
    private Process process;

    private Nginx(SystemLab lab, Netns ns, String name, Path conf, String address) {
        this.lab = lab;
        this.ns = ns;
        this.name = name;
        this.conf = conf;
        this.address = address;
    }

    /** Writes the site (page text, optional self-signed certificate) and starts it. */
    static Nginx start(SystemLab lab, Netns ns, String name, String address, String page, boolean tls)
            throws IOException, LabException, InterruptedException {
        Path root = lab.dir().resolve(name);
        Files.createDirectories(root.resolve("www"));
        Files.writeString(root.resolve("www/index.html"), page);
        String https = "";
        if (tls) {
            Certificates.selfSigned(root, address);
            https = "  server { listen " + address + ":443 ssl; root " + root.resolve("www") + ";\n"
                    + "    ssl_certificate " + root.resolve("cert.pem") + "; ssl_certificate_key "
                    + root.resolve("key.pem") + "; }\n";
        }
        Path conf = root.resolve("nginx.conf");
        Files.writeString(conf, "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + root.resolve("nginx.pid")
                + ";\nerror_log " + root.resolve("error.log") + ";\nevents { worker_connections 256; }\n"
                + "http {\n  access_log off;\n  server { listen " + address + ":80; root " + root.resolve("www")
                + "; }\n" + https + "}\n");
        Nginx n = new Nginx(lab, ns, name, conf, address);
        n.start();
        return n;
    }

    /** (Re)starts nginx and waits until it accepts on port 80. */
    void start() throws LabException, InterruptedException {
        process = lab.start(ns, name, List.of("nginx", "-p", conf.getParent().toString(), "-c", conf.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!accepts(80)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("nginx " + name + " did not start: " + readLog());
            }
            Thread.sleep(50);
        }
    }

    /** Kills it (SIGKILL): the port refuses connections from then on. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private boolean accepts(int port) throws LabException {
        return ns.run("bash", "-c", "exec 3<>/dev/tcp/" + address + "/" + port + " && echo ok || true")
                .contains("ok");
    }

    private String readLog() {
        try {
            return Files.readString(lab.log(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
