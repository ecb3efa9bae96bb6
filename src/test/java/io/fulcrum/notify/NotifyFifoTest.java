package io.fulcrum.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyFifoTest {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ScriptRunner scripts = new ScriptRunner(Optional.empty(), System::nanoTime, log::add, 2);

    @AfterEach
    void close() {
        scripts.close();
    }

    private Optional<NotifyFifo> open(Path path, Optional<RunAs> owner, Optional<ScriptSpec> script, String type) {
        return NotifyFifo.open(new io.fulcrum.config.model.NotifyFifo(path.toString(), owner, script), type,
                scripts, log::add);
    }

    @Test
    void theLinesHaveKeepalivedsShapes() {
        assertThat(new FifoLine.VirtualServer("[192.168.201.15]:tcp:80", true).text())
                .isEqualTo("VS [192.168.201.15]:tcp:80 UP\n");
        assertThat(new FifoLine.RealServer("[1.2.3.4]:tcp:80", "[192.168.201.15]:tcp:80", false).text())
                .isEqualTo("RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 DOWN\n");
        assertThat(new FifoLine.Instance("VI_1", FifoLine.VrrpState.MASTER, 100).text())
                .isEqualTo("INSTANCE \"VI_1\" MASTER 100\n");
        assertThat(new FifoLine.Group("G1", FifoLine.VrrpState.BACKUP, 0).text())
                .isEqualTo("GROUP \"G1\" BACKUP 0\n");
        assertThat(new FifoLine.Instance("VI_1", FifoLine.VrrpState.MASTER_RX_LOWER_PRI, 90).text())
                .isEqualTo("INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 90\n");
        assertThat(new FifoLine.Group("G1", FifoLine.VrrpState.FAULT, 0).isVrrp()).isTrue();
        assertThat(new FifoLine.VirtualServer("FWM 1", false).isVrrp()).isFalse();
    }

    @Test
    void aReaderSeesTheExactLines() throws Exception {
        Path path = dir.resolve("notify");
        NotifyFifo fifo = open(path, Optional.empty(), Optional.empty(), "").orElseThrow();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new FileInputStream(path.toFile()), StandardCharsets.UTF_8))) {
            fifo.write(new FifoLine.VirtualServer("[192.168.201.15]:tcp:80", true));
            fifo.write(new FifoLine.RealServer("[1.2.3.4]:tcp:80", "[192.168.201.15]:tcp:80", false));
            fifo.write(new FifoLine.Instance("VI_1", FifoLine.VrrpState.MASTER, 100));
            fifo.write(new FifoLine.Group("G1", FifoLine.VrrpState.BACKUP, 0));
            assertThat(reader.readLine()).isEqualTo("VS [192.168.201.15]:tcp:80 UP");
            assertThat(reader.readLine()).isEqualTo("RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 DOWN");
            assertThat(reader.readLine()).isEqualTo("INSTANCE \"VI_1\" MASTER 100");
            assertThat(reader.readLine()).isEqualTo("GROUP \"G1\" BACKUP 0");
        } finally {
            fifo.close();
        }
        assertThat(log).isEmpty();
    }

    @Test
    void itIsCreatedAsAFifoWithMode644AndRemovedOnClose() throws Exception {
        Path path = dir.resolve("made");
        NotifyFifo fifo = open(path, Optional.empty(), Optional.empty(), "").orElseThrow();
        assertThat((Integer) Files.getAttribute(path, "unix:mode") & 0170777).isEqualTo(0010644);
        fifo.close();
        assertThat(path).doesNotExist();
    }

    @Test
    void anExistingFifoIsUsedAndKept() throws Exception {
        Path path = dir.resolve("existing");
        NotifyFifo first = open(path, Optional.empty(), Optional.empty(), "").orElseThrow();
        Path moved = dir.resolve("kept");
        Files.move(path, moved);
        first.close();
        NotifyFifo second = open(moved, Optional.empty(), Optional.empty(), "").orElseThrow();
        second.close();
        assertThat(moved).exists();
    }

    @Test
    void withoutAReaderWritingNeverBlocks() {
        NotifyFifo fifo = open(dir.resolve("unread"), Optional.empty(), Optional.empty(), "lvs_").orElseThrow();
        long start = System.nanoTime();
        FifoLine line = new FifoLine.RealServer("[10.0.0.11]:tcp:80", "[192.168.10.100]:tcp:80", true);
        for (int i = 0; i < 20_000; i++) {
            fifo.write(line);
        }
        Duration writing = Duration.ofNanos(System.nanoTime() - start);
        assertThat(writing).isLessThan(Duration.ofSeconds(2));
        // 64 KiB of pipe and 1024 queued lines hold about 2700 of these 56-byte lines; the rest are dropped
        assertThat(fifo.dropped()).isGreaterThan(15_000);
        // one line per run of drops: the writer may catch up once or twice while the pipe fills, never more
        assertThat(log).hasSizeBetween(1, 5).containsOnly("lvs_notify fifo " + dir.resolve("unread")
                + " is full (is its reader running?) - dropping lines");
        long closing = System.nanoTime();
        fifo.close();
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(2));
        assertThat(fifo.write(line)).isFalse();
    }

    @Test
    void theFifoScriptReadsItWithThePathAsLastArgument() throws Exception {
        Path out = dir.resolve("seen");
        Path reader = dir.resolve("reader.sh");
        Files.writeString(reader, "#!/bin/sh\necho \"$1 $2\" > " + out + ".args\nexec cat \"$2\" > " + out + "\n");
        Files.setPosixFilePermissions(reader, PosixFilePermissions.fromString("rwx------"));
        Path path = dir.resolve("scripted");
        ScriptSpec script = new ScriptSpec(List.of(reader.toString(), "first"), Optional.empty(), Optional.empty());
        NotifyFifo fifo = open(path, Optional.empty(), Optional.of(script), "vrrp_").orElseThrow();
        fifo.write(new FifoLine.Instance("VI_1", FifoLine.VrrpState.BACKUP, 100));
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(out)
                && Files.readString(out).equals("INSTANCE \"VI_1\" BACKUP 100\n"));
        assertThat(Files.readString(Path.of(out + ".args"))).isEqualTo("first " + path + "\n");
        fifo.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().map(c -> c.contains("cat " + path)).orElse(false)));
        assertThat(log).isEmpty();
    }

    @Test
    void aFileThatIsNotAFifoIsNotUsed() throws Exception {
        Path path = dir.resolve("plain");
        Files.writeString(path, "x");
        assertThat(open(path, Optional.empty(), Optional.empty(), "lvs_")).isEmpty();
        assertThat(log).containsExactly("lvs_notify fifo " + path + " is not a fifo we own - not using");
        assertThat(path).exists();
    }

    @Test
    void aFifoThatCannotBeCreatedIsReported() {
        Path path = dir.resolve("missing-dir").resolve("fifo");
        assertThat(open(path, Optional.empty(), Optional.empty(), "vrrp_")).isEmpty();
        assertThat(log).containsExactly("Unable to create vrrp_notify fifo " + path);
    }

    @Test
    void aCreatedFifoBelongsToItsOwner() throws Exception {
        Path path = dir.resolve("owned");
        NotifyFifo fifo = open(path, Optional.of(new RunAs("nobody", Optional.of("nogroup"))), Optional.empty(), "")
                .orElseThrow();
        assertThat(Files.getAttribute(path, "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(path, "unix:gid")).isEqualTo(65534);
        fifo.close();
    }

    @Test
    void aFifoOfAnotherUserIsNotTrusted() throws Exception {
        Path path = dir.resolve("foreign");
        NotifyFifo fifo = open(path, Optional.of(new RunAs("nobody", Optional.empty())), Optional.empty(), "")
                .orElseThrow();
        Path kept = dir.resolve("foreign-kept");
        Files.move(path, kept);
        fifo.close();
        assertThat(open(kept, Optional.empty(), Optional.empty(), "")).isEmpty();
        assertThat(log).containsExactly("notify fifo " + kept + " is not a fifo we own - not using");
    }
}
