package io.fulcrum.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fulcrum.lab.Netns;
import io.fulcrum.system.webdriver.Artefacts;
import io.fulcrum.system.webdriver.Chromedriver;
import io.fulcrum.system.webdriver.ConsoleEntry;
import io.fulcrum.system.webdriver.FixturePages;
import io.fulcrum.system.webdriver.WebDriverException;
import io.fulcrum.system.webdriver.WebDriverSession;
import io.fulcrum.system.webdriver.WebElement;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WebDriver client on its own: chromedriver and a headless Chromium in a namespace, against trivial pages that
 * a JDK HttpServer serves in the same namespace. Elements are found by CSS and read, scripts run, screenshots are
 * PNGs, and the console log catches console.error, an uncaught exception and a failed resource load as SEVERE
 * while a clean page has none. Closing the driver leaves no process and no directory behind.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebDriverClientSystemIT {

    static final String BASE = "http://127.0.0.1:8000";
    static final Path ARTEFACTS = Artefacts.dir(WebDriverClientSystemIT.class);

    private SystemLab lab;
    private Netns ns;
    private Chromedriver driver;
    private WebDriverSession session;

    @BeforeAll
    void start() throws Exception {
        Artefacts.fresh(WebDriverClientSystemIT.class);
        lab = SystemLab.create();
        ns = lab.host("browser", "10.80.0.10/24");
        Path classes = Path.of(FixturePages.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        lab.start(ns, "pages", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classes.toString(), FixturePages.class.getName(),
                "127.0.0.1", "8000"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(lab.log("pages")) && Files.readString(lab.log("pages")).contains("listening"))) {
            assertThat(System.nanoTime()).as("fixture server started").isLessThan(deadline);
            Thread.sleep(50);
        }
        driver = Chromedriver.start(ns, ARTEFACTS);
    }

    @BeforeEach
    void openSession() throws Exception {
        session = driver.newSession();
    }

    @AfterEach
    void closeSession() {
        if (session != null) {
            session.close();
        }
    }

    @AfterAll
    void stop() throws Exception {
        AutoCloseable labCleanup = () -> {
            if (lab != null) {
                try {
                    lab.keepLogs(ARTEFACTS);
                } finally {
                    lab.close(); // also keeps the logs under target/system-logs and deletes the directory
                }
            }
        };
        try (labCleanup; Chromedriver d = driver) {
            // closes the driver, then the lab, each even when the other fails
        }
    }

    @Test
    void readsTheDomOfALoadedPage() {
        session.navigate(BASE + "/");
        assertThat(session.currentUrl()).isEqualTo(BASE + "/");
        assertThat(session.title()).isEqualTo("Fixture");
        assertThat(session.text(session.find("#greeting"))).isEqualTo("Hello, browser");
        List<WebElement> items = session.findAll("li.item");
        assertThat(items).hasSize(2);
        assertThat(session.text(items.get(1))).isEqualTo("two");
        assertThat(session.attribute(items.get(1), "data-n")).contains("2");
        assertThat(session.attribute(items.get(0), "data-absent")).isEmpty();
        // set by the page's script: what the reader sees is the live DOM, not the served HTML
        assertThat(session.attribute(session.find("body"), "data-script")).contains("ran");
        assertThat(session.pageSource()).contains("data-script=\"ran\"");
        assertThat(session.findAll(".absent")).isEmpty();
        assertThatThrownBy(() -> session.find("#absent")).isInstanceOf(WebDriverException.class)
                .satisfies(e -> assertThat(((WebDriverException) e).error()).isEqualTo("no such element"));
        assertThatThrownBy(() -> session.find("li[")).isInstanceOf(WebDriverException.class)
                .satisfies(e -> assertThat(((WebDriverException) e).error()).isEqualTo("invalid selector"));
    }

    @Test
    void runsScriptsAndAWindowVariableLivesAsLongAsTheDocument() {
        session.navigate(BASE + "/");
        assertThat(session.execute("return arguments[0] + arguments[1];", 40, 2).asInt()).isEqualTo(42);
        assertThat(session.execute("return document.querySelectorAll('li').length;").asInt()).isEqualTo(2);
        session.execute("window.__marker = arguments[0];", "m-1");
        session.execute("document.querySelector('#greeting').textContent = 'changed';");
        assertThat(session.text(session.find("#greeting"))).isEqualTo("changed");
        assertThat(session.execute("return window.__marker;").asText()).isEqualTo("m-1");
        session.navigate(BASE + "/");
        assertThat(session.execute("return window.__marker;").isNull()).as("marker after a new load").isTrue();
        assertThatThrownBy(() -> session.execute("throw new Error('in script');"))
                .isInstanceOf(WebDriverException.class).hasMessageContaining("in script");
    }

    @Test
    void aScreenshotIsAPngOfTheViewport() throws Exception {
        session.navigate(BASE + "/");
        Path file = session.screenshot(ARTEFACTS.resolve("fixture.png"));
        byte[] png = Files.readAllBytes(file);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        ByteBuffer header = ByteBuffer.wrap(png, 8, 16);
        assertThat(header.getInt()).as("IHDR length").isEqualTo(13);
        assertThat(header.getInt()).as("IHDR").isEqualTo(0x49484452);
        assertThat(header.getInt()).as("width").isBetween(800, 4000);
        assertThat(header.getInt()).as("height").isBetween(400, 4000);
    }

    @Test
    void aCleanPageLogsNoSevereEntryButItsMessagesAreCollected() {
        session.navigate(BASE + "/");
        List<ConsoleEntry> console = session.console();
        assertThat(console).anySatisfy(e -> {
            assertThat(e.level()).isEqualTo("INFO");
            assertThat(e.message()).contains("fixture loaded");
        });
        assertThat(session.severeConsoleEntries()).isEmpty();
    }

    @Test
    void consoleErrorIsSevere() {
        session.navigate(BASE + "/console-error");
        assertThat(session.severeConsoleEntries()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("console-api");
            assertThat(e.message()).contains("fixture error 42");
        });
    }

    @Test
    void anUncaughtExceptionIsSevere() {
        session.navigate(BASE + "/uncaught");
        assertThat(session.severeConsoleEntries()).anySatisfy(e -> assertThat(e.message())
                .contains("fixture uncaught"));
    }

    @Test
    void aResourceThatFailsToLoadIsSevere() {
        session.navigate(BASE + "/missing-resource");
        assertThat(session.severeConsoleEntries()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("network");
            assertThat(e.message()).contains("/no-such-image.png", "404");
        });
    }

    @Test
    void entriesAreKeptAcrossFetchesAndNavigations() {
        session.navigate(BASE + "/console-error");
        assertThat(session.severeConsoleEntries()).hasSize(1);
        session.navigate(BASE + "/");
        assertThat(session.console()).anySatisfy(e -> assertThat(e.message()).contains("fixture loaded"));
        assertThat(session.severeConsoleEntries()).as("the earlier error is not forgotten").hasSize(1);
    }

    /**
     * {@link StatusPage} (what {@link StatusPageSystemIT} reads Fulcrum's page with) against a stand-in page of the
     * same DOM contract that re-renders every 200 ms: the reader follows changes, survives replaced elements, and
     * its "same document" check fails after a reload.
     */
    @Test
    void theStatusPageReaderFollowsAPageOfTheDomContract() throws Exception {
        String vs = "TCP 10.80.0.100:80";
        setStatus("BACKUP", "UP");
        session.navigate(BASE + "/status");
        StatusPage page = new StatusPage(session);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(page.connected()).isTrue();
            assertThat(page.vrrpState("VI_1")).isEqualTo("BACKUP");
            assertThat(page.health(vs, "10.80.0.11:80")).isEqualTo("UP");
        });
        assertThat(page.vrrpPriority("VI_1")).isEqualTo("100");
        assertThat(page.weight(vs, "10.80.0.12:80")).isEqualTo("3");
        page.mark("doc-1");
        long before = page.updates();
        setStatus("BACKUP", "DOWN");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(page.health(vs, "10.80.0.11:80")).isEqualTo("DOWN"));
        setStatus("MASTER", "DOWN");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(page.vrrpState("VI_1")).isEqualTo("MASTER"));
        assertThat(page.marker()).isEqualTo("doc-1");
        assertThat(page.updates()).isGreaterThan(before);
        assertThatThrownBy(() -> page.health(vs, "10.80.0.99:80")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("found 0");
        session.navigate(BASE + "/status");
        assertThat(page.marker()).as("a reload is a new document").isEmpty();
        assertThat(session.severeConsoleEntries()).isEmpty();
    }

    private void setStatus(String state, String health1) throws Exception {
        String json = ("{'vrrp': [{'name': 'VI_1', 'state': '%s', 'priority': 100}], 'vs': [{'name': 'TCP 10.80.0.100:80',"
                + " 'rs': [{'name': '10.80.0.11:80', 'health': '%s', 'weight': 1},"
                + " {'name': '10.80.0.12:80', 'health': 'UP', 'weight': 3}]}]}").formatted(state, health1)
                .replace('\'', '"');
        ns.run("curl", "-sf", "-X", "POST", "--data-binary", json, BASE + "/status.json");
    }

    @Test
    void closingTheDriverLeavesNoProcessAndNoDirectory() throws Exception {
        Chromedriver second = Chromedriver.start(ns, ARTEFACTS.resolve("second"));
        List<ProcessHandle> processes;
        Path work = second.workDirectory();
        try {
            WebDriverSession s = second.newSession();
            s.navigate(BASE + "/");
            processes = second.processes();
            assertThat(processes).as("chromedriver and its browser processes").hasSizeGreaterThan(2);
            assertThat(processes).anySatisfy(p -> assertThat(p.info().command().orElse("")).contains("chromium"));
        } finally {
            second.close();
        }
        for (ProcessHandle p : processes) {
            assertThat(p.onExit().get(10, TimeUnit.SECONDS).isAlive()).as("pid " + p.pid()).isFalse();
        }
        assertThat(work).doesNotExist();
    }
}
