package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fulcrum.cli.FulcrumProcess.Daemon;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reload without loss, end to end through the built jar: {@code fulcrum run} proxies HTTP (full NAT, loopback)
 * to JDK HTTP servers while clients keep sending requests, on keep-alive connections and on fresh ones, and the
 * configuration is reloaded 200 times, alternating two that differ (a real server's weight, a second virtual
 * server), by {@code fulcrum reload} and by SIGHUP. No request may fail. A removed virtual server drains: a
 * connection established before the removal goes on, a new one is refused. Then a broken configuration is
 * refused (exit 4, its problems printed with their positions) and the table stays as it was.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReloadUnderTrafficIT {

    private static final int RELOADS = 200;
    private static final int KEEPALIVE_CLIENTS = 3;
    private static final int FRESH_CLIENTS = 3;

    @TempDir
    Path dir;

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : started.reversed()) {
            c.close();
        }
    }

    private int backend(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        byte[] body = (name + "\n").getBytes(StandardCharsets.US_ASCII);
        s.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        s.setExecutor(Executors.newFixedThreadPool(4));
        s.start();
        started.add(() -> {
            s.stop(0);
            ((java.util.concurrent.ExecutorService) s.getExecutor()).shutdownNow();
        });
        return s.getAddress().getPort();
    }

    private static String realServer(int port, int weight) {
        return """
                    real_server 127.0.0.1 %d {
                        weight %d
                        TCP_CHECK {
                            connect_timeout 2
                        }
                    }
                """.formatted(port, weight);
    }

    private static String virtualServer(int port, String servers) {
        return """
                virtual_server 127.0.0.1 %d {
                    delay_loop 1
                    lvs_sched wrr
                    lvs_method FNAT
                    protocol TCP
                %s}
                """.formatted(port, servers);
    }

    private void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void twoHundredReloadsUnderTrafficLoseNoRequestAndABrokenOneChangesNothing() throws Exception {
        int b1 = backend("b1");
        int b2 = backend("b2");
        int b3 = backend("b3");
        int vip = ProxyDaemonIT.freePort();
        int second = ProxyDaemonIT.freePort();
        String a = virtualServer(vip, realServer(b1, 1) + realServer(b2, 1));
        String b = virtualServer(vip, realServer(b1, 1) + realServer(b2, 3))
                + virtualServer(second, realServer(b3, 1));
        Path conf = dir.resolve("keepalived.conf");
        write(conf, a);
        Daemon d = Daemon.start(dir, "reload", conf, dir.resolve("reload.sock"), "--check").awaitReady();
        started.add(d::stop);
        Map<String, String> env = Map.of("FULCRUM_SOCKET", d.socket().toString());

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < KEEPALIVE_CLIENTS; i++) {
            clients.add(Thread.ofPlatform().name("keepalive-" + i).start(
                    () -> keepAlive(vip, running, ok, failures)));
        }
        for (int i = 0; i < FRESH_CLIENTS; i++) {
            clients.add(Thread.ofPlatform().name("fresh-" + i).start(() -> fresh(vip, running, ok, failures)));
        }
        try {
            long before = ok.get();
            for (int i = 1; i <= RELOADS; i++) {
                write(conf, i % 2 == 1 ? b : a);
                if (i % 20 == 0) {
                    long finished = count(d.log(), "Reload finished in ");
                    assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(d.process().pid())).start()
                            .waitFor()).isZero();
                    awaitCount(d, "Reload finished in ", finished + 1);
                } else {
                    CliRunner r = CliRunner.run(env, "reload");
                    assertThat(r.code()).as("reload %d: %s%s", i, r.out(), r.err()).isZero();
                    assertThat(r.out()).contains("Reload finished in ");
                }
            }
            assertThat(ok.get()).as("requests served during the reloads").isGreaterThan(before + RELOADS);
        } finally {
            running.set(false);
            for (Thread t : clients) {
                t.join(10_000);
            }
        }
        assertThat(failures).as("failed requests out of %d", ok.get()).isEmpty();
        System.out.println("ReloadUnderTrafficIT: " + RELOADS + " reloads, " + ok.get() + " requests, none failed");
        assertThat(count(d.log(), "Reload finished in ")).isEqualTo(RELOADS);
        assertThat(d.log()).doesNotContain("Reload refused");
        assertThat(d.log()).contains("Changing weight from 1 to 3 for active service [127.0.0.1]:tcp:" + b2,
                "Removing Virtual Server [127.0.0.1]:tcp:" + second);

        // a removed virtual server drains: its established connection goes on, new ones are refused
        write(conf, b);
        assertThat(CliRunner.run(env, "reload").code()).isZero();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), second)) {
            s.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] get = "GET / HTTP/1.1\r\nHost: vip\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(get);
            assertThat(response(in)).isEqualTo("b3\n");
            write(conf, a);
            CliRunner removed = CliRunner.run(env, "reload");
            assertThat(removed.out()).contains("Removing Virtual Server [127.0.0.1]:tcp:" + second);
            out.write(get);
            assertThat(response(in)).as("the established connection after the removal").isEqualTo("b3\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(),
                    second).close()).as("a new connection").isInstanceOf(java.net.ConnectException.class);
        }

        String table = CliRunner.run(env, "ipvsadm", "-Ln").out();
        assertThat(table).contains(":" + vip).doesNotContain(":" + second);
        write(conf, b.replace("lvs_sched wrr", "lvs_sched wrr\n    no_such_keyword 1"));
        CliRunner refused = CliRunner.run(env, "reload");
        assertThat(refused.code()).isEqualTo(4);
        assertThat(refused.err()).contains(conf + ":4:5: error: unknown keyword 'no_such_keyword'",
                "refused, the running configuration keeps serving");
        assertThat(CliRunner.run(env, "ipvsadm", "-Ln").out()).isEqualTo(table);
        assertThat(d.log()).contains("Reload refused");
    }

    private static long count(String text, String part) {
        long n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitCount(Daemon d, String part, long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (count(d.log(), part) < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + part + "' after SIGHUP:\n" + d.output());
            }
            Thread.sleep(10);
        }
    }

    /** Requests on one connection after another, each kept alive for 50 requests. */
    private static void keepAlive(int port, AtomicBoolean running, AtomicLong ok, ConcurrentLinkedQueue<String> failures) {
        while (running.get()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < 50 && running.get(); i++) {
                    out.write("GET / HTTP/1.1\r\nHost: vip\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    String body = response(in);
                    if (!body.startsWith("b")) {
                        failures.add("keep-alive request " + i + ": unexpected body " + body);
                        return;
                    }
                    ok.incrementAndGet();
                }
            } catch (IOException e) {
                failures.add("keep-alive: " + e);
                return;
            }
        }
    }

    /** One request per connection. */
    private static void fresh(int port, AtomicBoolean running, AtomicLong ok, ConcurrentLinkedQueue<String> failures) {
        while (running.get()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: vip\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String body = response(new BufferedInputStream(s.getInputStream()));
                if (!body.startsWith("b")) {
                    failures.add("fresh: unexpected body " + body);
                    return;
                }
                ok.incrementAndGet();
            } catch (IOException e) {
                failures.add("fresh: " + e);
                return;
            }
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length; returns its body. */
    private static String response(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed after " + head.length() + " bytes of a response head");
            }
            head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 200")) {
            throw new IOException("not a 200: " + head.toString().lines().findFirst().orElse(""));
        }
        int length = head.toString().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT)
                .startsWith("content-length:")).map(l -> Integer.parseInt(l.substring(15).strip())).findFirst()
                .orElseThrow(() -> new IOException("no Content-Length in " + head));
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("body cut after " + body.length + " of " + length + " bytes");
        }
        return new String(body, StandardCharsets.US_ASCII);
    }
}
