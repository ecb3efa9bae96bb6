package io.fulcrum.system.webdriver;

import io.fulcrum.lab.Netns;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromedriver} running inside a network namespace on a loopback port it picks itself, reached from
 * this process through a {@link NamespaceTunnel}; the headless Chromium it starts runs in that namespace too, so
 * the browser reaches only the lab. Chromium's HOME, TMPDIR and profiles live in a temporary directory of this
 * driver. Closing quits the sessions, kills chromedriver and every browser process it started, and deletes that
 * directory; the driver's log ({@code LOGDIR/chromedriver.log}) stays.
 */
public final class Chromedriver implements AutoCloseable {

    /** The flags every session's Chromium gets (besides its own {@code --user-data-dir}). */
    static final List<String> CHROMIUM_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps", "--window-size=1280,1000");
    private static final Pattern STARTED = Pattern.compile("was started successfully on port (\\d+)");

    private final Process process;
    private final NamespaceTunnel tunnel;
    private final W3cHttp http;
    private final Path home;
    private final Path log;
    private final List<WebDriverSession> sessions = new ArrayList<>();

    private Chromedriver(Process process, NamespaceTunnel tunnel, W3cHttp http, Path home, Path log) {
        this.process = process;
        this.tunnel = tunnel;
        this.http = http;
        this.home = home;
        this.log = log;
    }

    /**
     * Starts chromedriver in {@code ns} and waits until it is ready for sessions; its log goes to
     * {@code logDir/chromedriver.log}. Fails, naming the missing Debian package, when chromedriver or Chromium is
     * not installed.
     */
    public static Chromedriver start(Netns ns, Path logDir) throws Exception {
        String driver = executable("chromedriver");
        browser();
        Files.createDirectories(logDir);
        Path log = logDir.resolve("chromedriver.log");
        Files.deleteIfExists(log);
        Files.createFile(log);
        Path home = Files.createTempDirectory("fulcrum-chromedriver");
        Files.createDirectories(home.resolve("tmp"));
        Process process = null;
        NamespaceTunnel tunnel = null;
        try {
            process = ns.start(List.of("env", "HOME=" + home, "TMPDIR=" + home.resolve("tmp"), driver, "--port=0"),
                    log);
            int port = awaitPort(process, log);
            tunnel = NamespaceTunnel.open(ns, port);
            W3cHttp http = new W3cHttp(URI.create("http://127.0.0.1:" + tunnel.localPort()), Duration.ofSeconds(90));
            Chromedriver started = new Chromedriver(process, tunnel, http, home, log);
            try {
                started.awaitReady();
            } catch (Exception e) {
                http.close();
                throw e;
            }
            return started;
        } catch (Exception e) {
            if (tunnel != null) {
                tunnel.close();
            }
            if (process != null) {
                kill(process);
            }
            Artefacts.deleteTree(home);
            throw e;
        }
    }

    /**
     * A new headless Chromium session with a fresh profile, every console message logged
     * ({@code goog:loggingPrefs}), page loads limited to 30 s and scripts to 10 s.
     */
    public WebDriverSession newSession() throws IOException {
        Path profile = Files.createTempDirectory(home, "profile");
        List<String> args = new ArrayList<>(CHROMIUM_FLAGS);
        args.add("--user-data-dir=" + profile);
        Map<String, Object> capabilities = new LinkedHashMap<>();
        capabilities.put("browserName", "chrome");
        capabilities.put("goog:chromeOptions", Map.of("binary", browser(), "args", args));
        capabilities.put("goog:loggingPrefs", Map.of("browser", "ALL"));
        capabilities.put("timeouts", Map.of("pageLoad", 30_000, "script", 10_000, "implicit", 0));
        WebDriverSession session = WebDriverSession.open(http, capabilities);
        sessions.add(session);
        return session;
    }

    public Path log() {
        return log;
    }

    /** The temporary directory of Chromium's HOME, TMPDIR and profiles; deleted by {@link #close}. */
    public Path workDirectory() {
        return home;
    }

    /** chromedriver and every process it started (the browsers), while it runs. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        return all;
    }

    @Override
    public void close() {
        for (WebDriverSession s : sessions) {
            s.close();
        }
        sessions.clear();
        http.close();
        kill(process);
        tunnel.close();
        Artefacts.deleteTree(home);
    }

    /** The absolute path of {@code name} on PATH; a clear error naming the Debian package when it is missing. */
    static String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String pkg = name.equals("chromedriver") ? "chromium-driver" : name;
        throw new IllegalStateException(name + " is not installed (not on PATH): apt-get install " + pkg
                + " (bin/test installs it as root)");
    }

    /** Chromium's own binary (Debian's /usr/bin/chromium is a shell wrapper that adds flags of its own). */
    static String browser() {
        Path real = Path.of("/usr/lib/chromium/chromium");
        if (Files.isExecutable(real)) {
            return real.toString();
        }
        try {
            return executable("chromium");
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Chromium is not installed: apt-get install chromium chromium-driver"
                    + " (bin/test installs them as root)");
        }
    }

    private static int awaitPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Matcher m = STARTED.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("chromedriver did not start (see " + log + "):\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
    }

    private void awaitReady() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = "";
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.get("/status").path("ready").asBoolean()) {
                    return;
                }
                last = "not ready";
            } catch (WebDriverException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        throw new IOException("chromedriver is not ready for sessions (" + last + "):\n" + Files.readString(log));
    }

    /** SIGKILL to chromedriver and its descendants (browsers first), waiting until they are gone. */
    private static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // still there after 10 s: the namespace's deletion kills what is left
            }
        }
    }
}
