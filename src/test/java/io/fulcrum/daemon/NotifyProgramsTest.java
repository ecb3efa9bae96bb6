package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.check.CheckTarget;
import io.fulcrum.check.MiscChecker;
import io.fulcrum.check.ProbeResult;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.notify.ScriptRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MISC_CHECK end to end: real scripts in a temp directory, run by notify's ScriptRunner through the port. */
class NotifyProgramsTest {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ScriptRunner scripts = new ScriptRunner(Optional.empty(), System::nanoTime, log::add, 2);

    @AfterEach
    void close() {
        scripts.close();
    }

    private Path script(String name, String body, String mode) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private MiscChecker checker(Path program, String options) {
        KeepalivedConfig c = TableFixtures.config("""
                virtual_server 192.168.10.100 80 {
                    delay_loop 30
                    protocol TCP
                    real_server 10.0.0.11 80 {
                        weight 5
                        MISC_CHECK {
                            misc_path "%s"
                            %s
                        }
                    }
                }
                """.formatted(program, options));
        VirtualServer vs = c.virtualServers().getFirst();
        CheckTarget target = new CheckTarget(vs, vs.realServers().getFirst(), "[192.168.10.100]:tcp:80",
                "[10.0.0.11]:tcp:80");
        MiscCheck spec = (MiscCheck) vs.realServers().getFirst().checkers().getFirst();
        return new MiscChecker(spec, target, new NotifyPrograms(scripts));
    }

    private static String prefix(Path program) {
        return "Misc check for [[10.0.0.11]:tcp:80 VS [192.168.10.100]:tcp:80] by [" + program + "] ";
    }

    @Test
    void exitZeroIsUp() throws Exception {
        assertThat(checker(script("ok.sh", "exit 0", "rwxr-xr-x"), "").probe()).isEqualTo(ProbeResult.Success.plain());
    }

    @Test
    void exitOneIsDown() throws Exception {
        Path s = script("down.sh", "exit 1", "rwxr-xr-x");
        assertThat(checker(s, "retry 3").probe()).isEqualTo(new ProbeResult.Failure(
                prefix(s) + "failed after 3 retries (exited with status 1)."));
    }

    @Test
    void miscDynamicFiveIsWeightThree() throws Exception {
        Path s = script("five.sh", "exit 5", "rwxr-xr-x");
        assertThat(checker(s, "misc_dynamic").probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(3)));
    }

    @Test
    void aScriptPastMiscTimeoutIsKilledAndDown() throws Exception {
        Path s = script("slow.sh", "sleep 1000", "rwxr-xr-x");
        long start = System.nanoTime();
        assertThat(checker(s, "misc_timeout 1").probe()).isEqualTo(new ProbeResult.Failure(
                prefix(s) + "timed out."));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aMissingScriptIsDown() throws Exception {
        Path s = dir.resolve("absent.sh");
        assertThat(checker(s, "").probe()).isEqualTo(new ProbeResult.Failure(prefix(s)
                + "failed (Script " + s + " cannot be accessed - No such file or directory)."));
    }

    @Test
    void aScriptThatCannotBeExecutedIsDown() throws Exception {
        Path s = script("plain.sh", "exit 0", "rw-r--r--");
        assertThat(checker(s, "").probe()).isEqualTo(new ProbeResult.Failure(prefix(s)
                + "failed (WARNING - script '" + s + "' is not executable for uid:gid 0:0)."));
    }

    @Test
    void theCheckerRunsAsItsUser() throws Exception {
        KeepalivedConfig c = TableFixtures.config("""
                virtual_server 192.168.10.100 80 {
                    protocol TCP
                    real_server 10.0.0.11 80 {
                        MISC_CHECK {
                            misc_path "/bin/sh -c 'test $(id -u) = 65534'"
                            user nobody
                        }
                    }
                }
                """);
        VirtualServer vs = c.virtualServers().getFirst();
        MiscChecker m = new MiscChecker((MiscCheck) vs.realServers().getFirst().checkers().getFirst(),
                new CheckTarget(vs, vs.realServers().getFirst(), "vs", "rs"), new NotifyPrograms(scripts));
        assertThat(m.probe()).isEqualTo(ProbeResult.Success.plain());
    }
}
