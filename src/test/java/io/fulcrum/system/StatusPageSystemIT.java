package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import io.fulcrum.system.webdriver.Artefacts;
import io.fulcrum.system.webdriver.Chromedriver;
import io.fulcrum.system.webdriver.ConsoleEntry;
import io.fulcrum.system.webdriver.WebDriverException;
import io.fulcrum.system.webdriver.WebDriverSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The status page (issue 8) in a real headless Chromium. Two Fulcrum directors share a virtual address through
 * VRRP and balance a TCP virtual server (FNAT) over two nginx real servers with TCP_CHECK; each runs its page with
 * {@code --web 127.0.0.1:PORT}. The browser runs in the backup director's namespace and opens that director's page:
 * it loads with no console error and shows BACKUP and both real servers UP; when one nginx dies the page shows that
 * real server DOWN, and when the master is killed it shows MASTER, both without a reload (the count of applied
 * updates grows and a window variable set at the start survives). Screenshots of each step, the console log and
 * the daemons' logs are kept under {@code target/screenshots/StatusPageSystemIT/}, on failure too.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageSystemIT {

    static final String VIP = "10.81.0.100";
    static final String VS = "TCP " + VIP + ":80";
    static final String RS1 = "10.81.0.11:80";
    static final String RS2 = "10.81.0.12:80";
    static final String INSTANCE = "VI_1";
    static final int WEB_PORT = 8181;
    static final String URL = "http://127.0.0.1:" + WEB_PORT + "/";
    /** Generous: a loaded two-core machine, a checker's retry, a VRRP takeover and the page's own update delay. */
    static final Duration PATIENCE = Duration.ofSeconds(45);
    static final Path ARTEFACTS = Artefacts.dir(StatusPageSystemIT.class);

    private SystemLab lab;
    private Netns d1;
    private Netns d2;
    private Nginx nginx1;
    private Fulcrum master;
    private Fulcrum backup;
    private Chromedriver driver;
    private WebDriverSession browser;
    private StatusPage page;

    @BeforeAll
    void lab() throws Exception {
        Artefacts.fresh(StatusPageSystemIT.class);
        lab = SystemLab.create();
        d1 = lab.host("d1", "10.81.0.1/24");
        d2 = lab.host("d2", "10.81.0.2/24");
        Netns h1 = lab.host("rs1", "10.81.0.11/24");
        Netns h2 = lab.host("rs2", "10.81.0.12/24");
        nginx1 = Nginx.start(lab, h1, "nginx1", "10.81.0.11", "real server 1\n", false);
        Nginx.start(lab, h2, "nginx2", "10.81.0.12", "real server 2\n", false);
        master = director(d1, "fulcrum1", "MASTER", 150);
        await("d1 becomes master").atMost(PATIENCE).until(() -> hasVip(d1));
        backup = director(d2, "fulcrum2", "BACKUP", 100);
        driver = Chromedriver.start(d2, ARTEFACTS);
        browser = driver.newSession();
        page = new StatusPage(browser);
    }

    @AfterAll
    void down() throws Exception {
        AutoCloseable labCleanup = this::closeLab;
        try (labCleanup; Chromedriver d = driver) {
            if (browser != null) {
                keepConsole();
            }
            for (Fulcrum f : new Fulcrum[] {backup, master}) { // the backup first: no failover at the end
                if (f != null && f.alive()) {
                    f.stop();
                }
            }
        }
    }

    /** Kills what is left in the lab, keeps its logs with the screenshots, deletes its directory. */
    private void closeLab() throws IOException {
        if (lab != null) {
            try {
                lab.keepLogs(ARTEFACTS);
            } finally {
                lab.close(); // also keeps the logs under target/system-logs and deletes the directory
            }
        }
    }

    private void keepConsole() throws IOException {
        List<String> lines;
        try {
            lines = browser.console().stream().map(ConsoleEntry::toString).toList();
        } catch (WebDriverException e) {
            lines = List.of("console log unavailable: " + e.getMessage());
        }
        Files.write(ARTEFACTS.resolve("console.txt"), lines);
    }

    private Fulcrum director(Netns ns, String name, String state, int priority) throws Exception {
        Path conf = lab.dir().resolve(name + ".conf");
        Files.writeString(conf, config(name, state, priority));
        return Fulcrum.run(lab, ns, name, conf, "--web", "127.0.0.1:" + WEB_PORT);
    }

    static String config(String routerId, String state, int priority) {
        String check = """
                        TCP_CHECK {
                            connect_timeout 1
                            retry 1
                            delay_before_retry 1
                        }
                """;
        return """
                global_defs {
                    router_id %1$s
                }
                vrrp_instance %2$s {
                    state %3$s
                    interface eth0
                    virtual_router_id 81
                    priority %4$d
                    advert_int 1
                    virtual_ipaddress {
                        %5$s/24
                    }
                }
                virtual_server %5$s 80 {
                    delay_loop 1
                    lvs_sched rr
                    lvs_method FNAT
                    protocol TCP
                    real_server 10.81.0.11 80 {
                        weight 1
                %6$s    }
                    real_server 10.81.0.12 80 {
                        weight 1
                %6$s    }
                }
                """.formatted(routerId, INSTANCE, state, priority, VIP, check);
    }

    static boolean hasVip(Netns ns) throws LabException {
        return ns.ip("-o", "addr", "show", "dev", "eth0").contains(" " + VIP + "/");
    }

    @Test
    void theBackupsPageFollowsARealServerFailureAndAFailoverLive() throws Exception {
        String token = UUID.randomUUID().toString();
        AtomicLong updates = new AtomicLong();
        step("01-loaded", () -> {
            // the daemon may report ready a moment before its web server accepts: wait for the port, not the browser
            await("the backup's web port accepts").atMost(PATIENCE).until(() -> d2.run("bash", "-c",
                    "exec 3<>/dev/tcp/127.0.0.1/" + WEB_PORT + " && echo ok || true").contains("ok"));
            browser.navigate(URL);
            await("the page shows BACKUP and both real servers UP").atMost(PATIENCE).untilAsserted(() -> {
                assertThat(page.connected()).as("body data-connected").isTrue();
                assertThat(page.vrrpState(INSTANCE)).isEqualTo("BACKUP");
                assertThat(page.vrrpPriority(INSTANCE)).isEqualTo("100");
                assertThat(page.health(VS, RS1)).as(RS1).isEqualTo("UP");
                assertThat(page.health(VS, RS2)).as(RS2).isEqualTo("UP");
                assertThat(page.weight(VS, RS2)).as("weight of " + RS2).isEqualTo("1");
            });
            page.mark(token);
            updates.set(page.updates());
        });
        step("02-real-server-down", () -> {
            nginx1.kill();
            await("the page shows " + RS1 + " DOWN").atMost(PATIENCE).untilAsserted(() -> {
                assertThat(page.health(VS, RS1)).as(RS1).isEqualTo("DOWN");
                assertThat(page.health(VS, RS2)).as(RS2).isEqualTo("UP");
            });
            sameDocumentUpdated(token, updates);
        });
        step("03-failover", () -> {
            master.kill();
            await("the page shows MASTER").atMost(PATIENCE).untilAsserted(() -> {
                assertThat(page.vrrpState(INSTANCE)).isEqualTo("MASTER");
                assertThat(page.connected()).as("body data-connected").isTrue();
            });
            sameDocumentUpdated(token, updates);
            assertThat(hasVip(d2)).as("d2 holds the virtual address, as its page says").isTrue();
            assertThat(page.health(VS, RS1)).as(RS1).isEqualTo("DOWN");
        });
    }

    /** The page has applied more updates than {@code updates} in the document marked with {@code token}. */
    private void sameDocumentUpdated(String token, AtomicLong updates) {
        assertThat(page.marker()).as("window variable set at load (no reload happened)").isEqualTo(token);
        long now = page.updates();
        assertThat(now).as("body data-updates").isGreaterThan(updates.get());
        updates.set(now);
    }

    /**
     * Runs one step of the scenario, then checks the console has no SEVERE entry and keeps a screenshot
     * {@code NAME.png}; on failure keeps {@code NAME-FAILED.png} and the page's HTML instead, then rethrows.
     */
    private void step(String name, Step step) throws Exception {
        try {
            step.run();
            List<ConsoleEntry> severe = browser.severeConsoleEntries();
            assertThat(severe).as("SEVERE browser console entries after step " + name).isEmpty();
            browser.screenshot(ARTEFACTS.resolve(name + ".png"));
        } catch (Exception | AssertionError e) {
            keepFailure(name, e);
            throw e;
        }
    }

    private void keepFailure(String name, Throwable failure) {
        try {
            browser.screenshot(ARTEFACTS.resolve(name + "-FAILED.png"));
            Files.writeString(ARTEFACTS.resolve(name + "-FAILED.html"), browser.pageSource());
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
