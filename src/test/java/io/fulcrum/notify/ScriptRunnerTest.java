package io.fulcrum.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes; the tests run as root, so the user switch is exercised with {@code nobody}. */
class ScriptRunnerTest {

    private static final Duration LONG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<ScriptRunner> runners = new ArrayList<>();

    @AfterEach
    void closeRunners() {
        runners.forEach(ScriptRunner::close);
    }

    private ScriptRunner runner(Optional<RunAs> scriptUser, int maxConcurrent) {
        ScriptRunner r = new ScriptRunner(scriptUser, System::nanoTime, log::add, maxConcurrent);
        runners.add(r);
        return r;
    }

    private ScriptRunner runner() {
        return runner(Optional.empty(), 4);
    }

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static ScriptSpec spec(Object... argv) {
        return new ScriptSpec(java.util.Arrays.stream(argv).map(String::valueOf).toList(), Optional.empty(),
                Optional.empty());
    }

    private static ScriptSpec as(String user, Optional<String> group, String... argv) {
        return new ScriptSpec(List.of(argv), Optional.of(user), group);
    }

    @Test
    void anArgumentWithSpacesReachesTheProgramAsOneWord() throws Exception {
        Path s = script("args.sh", "echo \"count=$#\"; for a in \"$@\"; do echo \"[$a]\"; done");
        assertThat(runner().run(spec(s, "a b  c", "$HOME;x"), LONG)).isEqualTo(new ScriptEnd.Exited(0));
        assertThat(log).containsExactly("Script output [" + s + "]: count=2",
                "Script output [" + s + "]: [a b  c]", "Script output [" + s + "]: [$HOME;x]");
    }

    @Test
    void theExitStatusIsReported() throws Exception {
        assertThat(runner().run(spec(script("three.sh", "exit 3")), LONG)).isEqualTo(new ScriptEnd.Exited(3));
        assertThat(runner().run(spec(script("big.sh", "exit 200")), LONG)).isEqualTo(new ScriptEnd.Exited(200));
    }

    @Test
    void standardInputIsEmpty() throws Exception {
        Path s = script("stdin.sh", "if read line; then exit 1; else exit 0; fi");
        assertThat(runner().run(spec(s), LONG)).isEqualTo(new ScriptEnd.Exited(0));
    }

    @Test
    void aTimeoutKillsTheScriptAndEverythingItStarted() throws Exception {
        Path s = script("hang.sh", "sleep 1000 &\necho \"child=$!\"\nsleep 1000");
        long start = System.nanoTime();
        ScriptEnd end = runner().run(spec(s), Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(end).isEqualTo(new ScriptEnd.TimedOut());
        assertThat(took).isBetween(Duration.ofMillis(500), Duration.ofSeconds(4));
        long child = childPid();
        await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive())
                .orElse(true));
    }

    private long childPid() {
        await().atMost(Duration.ofSeconds(3)).until(() -> log.stream().anyMatch(l -> l.contains("child=")));
        String line = log.stream().filter(l -> l.contains("child=")).findFirst().orElseThrow();
        return Long.parseLong(line.substring(line.indexOf("child=") + 6).strip());
    }

    @Test
    void anInterruptedRunKillsTheScriptAndIsRethrown() throws Exception {
        Path s = script("hang2.sh", "sleep 1000 &\necho \"child=$!\"\nsleep 1000");
        ScriptRunner r = runner();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                r.run(spec(s), Duration.ofSeconds(60));
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        long child = childPid();
        t.interrupt();
        assertThat(thrown.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive())
                .orElse(true));
    }

    @Test
    void aMissingProgramIsNotStarted() throws Exception {
        Path missing = dir.resolve("nope.sh");
        assertThat(runner().run(spec(missing), LONG)).isEqualTo(new ScriptEnd.NotStarted(
                "Script " + missing + " cannot be accessed - No such file or directory"));
    }

    @Test
    void aProgramNobodyMayExecuteIsNotStarted() throws Exception {
        Path s = script("plain.sh", "exit 0");
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(runner().run(spec(s), LONG)).isEqualTo(new ScriptEnd.NotStarted(
                "WARNING - script '" + s + "' is not executable for uid:gid 0:0"));
    }

    @Test
    void aDirectoryIsNotAScript() throws Exception {
        assertThat(runner().run(spec(dir), LONG))
                .isEqualTo(new ScriptEnd.NotStarted("Script " + dir + " is not a regular file"));
    }

    @Test
    void aBareNameIsSearchedInPath() throws Exception {
        assertThat(runner().run(spec("true"), LONG)).isEqualTo(new ScriptEnd.Exited(0));
        assertThat(runner().run(spec("no-such-program-fulcrum"), LONG))
                .isEqualTo(new ScriptEnd.NotStarted("Cannot find script no-such-program-fulcrum in path"));
    }

    @Test
    void keepalivedsRedirectionFormRunsThroughTheShell() throws Exception {
        Path present = script("present.sh", "exit 0");
        assertThat(runner().run(spec("<" + present), LONG)).isEqualTo(new ScriptEnd.Exited(0));
        assertThat(runner().run(spec("<" + dir.resolve("absent")), LONG))
                .isInstanceOfSatisfying(ScriptEnd.Exited.class, e -> assertThat(e.status()).isNotZero());
    }

    @Test
    void theRedirectionFormAlsoRunsAsTheScriptsUser() throws Exception {
        Path rootOnly = script("root-only", "exit 0");
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rw-------"));
        assertThat(runner().run(as("root", Optional.empty(), "<" + rootOnly), LONG)).isEqualTo(new ScriptEnd.Exited(0));
        assertThat(runner().run(as("nobody", Optional.empty(), "</etc/hostname"), LONG))
                .isEqualTo(new ScriptEnd.Exited(0));
        assertThat(runner().run(as("nobody", Optional.empty(), "<" + rootOnly), LONG))
                .isInstanceOfSatisfying(ScriptEnd.Exited.class, e -> assertThat(e.status()).isNotZero());
    }

    @Test
    void theScriptRunsAsItsUserWithTheUsersGroupAndNoOtherGroups() throws Exception {
        ScriptRunner r = runner();
        assertThat(r.run(as("nobody", Optional.empty(), "/usr/bin/id", "-u"), LONG))
                .isEqualTo(new ScriptEnd.Exited(0));
        assertThat(r.run(as("nobody", Optional.empty(), "/usr/bin/id", "-G"), LONG))
                .isEqualTo(new ScriptEnd.Exited(0));
        assertThat(log).containsExactly("Script output [/usr/bin/id]: 65534", "Script output [/usr/bin/id]: 65534");
    }

    @Test
    void aGroupCanBeGivenWithTheUser() throws Exception {
        assertThat(runner().run(as("nobody", Optional.of("root"), "/usr/bin/id", "-g"), LONG))
                .isEqualTo(new ScriptEnd.Exited(0));
        assertThat(log).containsExactly("Script output [/usr/bin/id]: 0");
    }

    @Test
    void scriptUserIsTheDefaultUser() throws Exception {
        ScriptRunner r = runner(Optional.of(new RunAs("nobody", Optional.empty())), 1);
        assertThat(r.run(spec("/usr/bin/id", "-u"), LONG)).isEqualTo(new ScriptEnd.Exited(0));
        assertThat(log).containsExactly("Script output [/usr/bin/id]: 65534");
    }

    @Test
    void anUnknownUserOrGroupIsNotStarted() throws Exception {
        assertThat(runner().run(as("no-such-user-fulcrum", Optional.empty(), "/usr/bin/id"), LONG))
                .isEqualTo(new ScriptEnd.NotStarted("Script user 'no-such-user-fulcrum' does not exist"));
        assertThat(runner().run(as("nobody", Optional.of("no-such-group-fulcrum"), "/usr/bin/id"), LONG))
                .isEqualTo(new ScriptEnd.NotStarted("Script group 'no-such-group-fulcrum' does not exist"));
    }

    @Test
    void withoutRootAnotherUserIsRefused() throws Exception {
        ScriptUsers notRoot = new ScriptUsers(new ScriptUsers.Identity("1000", 1000, 1000));
        ScriptRunner r = new ScriptRunner(notRoot, Optional.empty(), System::nanoTime, log::add, 1);
        runners.add(r);
        assertThat(r.run(as("nobody", Optional.empty(), "/usr/bin/id"), LONG)).isEqualTo(new ScriptEnd.NotStarted(
                "Unable to set uid:gid 65534:65534 for script /usr/bin/id - Fulcrum runs as uid 1000, not root"));
    }

    @Test
    void outputIsLoggedUpToABound() throws Exception {
        Path s = script("chatty.sh", "i=0; while [ $i -lt 100 ]; do echo \"line $i\"; i=$((i+1)); done");
        assertThat(runner().run(spec(s), LONG)).isEqualTo(new ScriptEnd.Exited(0));
        await().atMost(Duration.ofSeconds(2)).until(() -> log.size() == OutputDrain.MAX_LINES + 1);
        assertThat(log.get(0)).isEqualTo("Script output [" + s + "]: line 0");
        assertThat(log.get(19)).isEqualTo("Script output [" + s + "]: line 19");
        // lines 20..99 are not logged: 80 lines of 8 bytes ("line 42\n")
        assertThat(log.get(20)).isEqualTo("Script output [" + s + "]: 640 more bytes not logged");
    }

    @Test
    void fireReturnsAtOnceAndLogsATimeout() throws Exception {
        Path s = script("slow.sh", "sleep 1000");
        ScriptRunner r = runner();
        long start = System.nanoTime();
        CompletableFuture<ScriptEnd> end = r.fire(spec(s), Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        assertThat(end.isDone()).isFalse();
        assertThat(end.get(5, TimeUnit.SECONDS)).isEqualTo(new ScriptEnd.TimedOut());
        assertThat(log).contains("Script " + s + " timed out after 0.3s - killed");
    }

    @Test
    void fireLogsAScriptThatCannotStart() throws Exception {
        ScriptEnd end = runner().fire(spec(dir.resolve("gone.sh")), LONG).get(5, TimeUnit.SECONDS);
        assertThat(end).isInstanceOf(ScriptEnd.NotStarted.class);
        assertThat(log).containsExactly("Unable to run script " + dir.resolve("gone.sh") + ": Script "
                + dir.resolve("gone.sh") + " cannot be accessed - No such file or directory");
    }

    @Test
    void firedScriptsRunNoMoreThanTheBoundAtOnceAndTheExcessIsDropped() throws Exception {
        Path trace = dir.resolve("trace");
        Path s = script("one.sh", "echo start >> " + trace + "\nsleep 0.05\necho end >> " + trace);
        ScriptRunner r = runner(Optional.empty(), 1);
        List<CompletableFuture<ScriptEnd>> ends = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            ends.add(r.fire(spec(s), LONG));
        }
        assertThat(ends.get(16).getNow(null)).isEqualTo(new ScriptEnd.NotStarted(
                "too many scripts running or waiting (16)"));
        for (CompletableFuture<ScriptEnd> e : ends.subList(0, 16)) {
            assertThat(e.get(30, TimeUnit.SECONDS)).isEqualTo(new ScriptEnd.Exited(0));
        }
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).hasSize(32);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d", i).isEqualTo(i % 2 == 0 ? "start" : "end");
        }
    }

    @Test
    void aLongLivedScriptStopsWithItsChildren() throws Exception {
        Path s = script("reader.sh", "sleep 1000 &\necho \"child=$!\"\nwait");
        RunningScript running = runner().start(spec(s));
        long child = childPid();
        assertThat(running.end().isDone()).isFalse();
        running.stop();
        assertThat(running.end().get(5, TimeUnit.SECONDS)).isInstanceOf(ScriptEnd.Exited.class);
        await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive())
                .orElse(true));
    }

    @Test
    void aClosedRunnerKillsWhatRunsAndStartsNothing() throws Exception {
        Path s = script("long.sh", "sleep 1000");
        ScriptRunner r = runner();
        CompletableFuture<ScriptEnd> end = r.fire(spec(s), Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(3)).until(() -> ProcessHandle.allProcesses()
                .anyMatch(p -> p.info().arguments().map(a -> a.length > 0 && a[0].equals(s.toString()))
                        .orElse(false)));
        r.close();
        assertThat(end.get(5, TimeUnit.SECONDS)).isInstanceOf(ScriptEnd.Exited.class);
        assertThat(r.run(spec(s), LONG)).isEqualTo(new ScriptEnd.NotStarted("the script runner is closed"));
    }
}
