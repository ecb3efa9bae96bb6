package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.ScriptSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** MiscChecker against a recording ProgramRunner: every outcome, keepalived's lines, the timeout rule. */
class MiscCheckerTest {

    private static final String PREFIX = "Misc check for [" + ConfigCheckFixtures.RS + " VS " + ConfigCheckFixtures.VS
            + "] by [/path/check.sh] ";

    /** Answers every run with {@code outcome} and records what it was asked to run. */
    private static final class Recording implements ProgramRunner {
        final List<ScriptSpec> scripts = new ArrayList<>();
        final List<Duration> timeouts = new ArrayList<>();
        Outcome outcome;

        Recording(Outcome outcome) {
            this.outcome = outcome;
        }

        @Override
        public Outcome run(ScriptSpec script, Duration timeout) {
            scripts.add(script);
            timeouts.add(timeout);
            return outcome;
        }
    }

    private static MiscChecker checker(String options, Recording programs) {
        KeepalivedConfig c = ConfigCheckFixtures.config("", "MISC_CHECK {\n misc_path \"/path/check.sh --port 80\"\n"
                + options + "\n}\n");
        return new MiscChecker(ConfigCheckFixtures.checker(c, MiscCheck.class), ConfigCheckFixtures.target(c), programs);
    }

    @Test
    void exitZeroIsUpAndTheProgramGetsItsArguments() throws Exception {
        Recording programs = new Recording(new ProgramRunner.Outcome.Exited(0));
        MiscChecker m = checker("misc_timeout 3", programs);
        assertThat(m.probe()).isEqualTo(ProbeResult.Success.plain());
        assertThat(programs.scripts.getFirst().argv()).containsExactly("/path/check.sh", "--port", "80");
        assertThat(programs.timeouts).containsExactly(Duration.ofSeconds(3));
        assertThat(m.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(m.kind()).isEqualTo("MISC_CHECK");
        assertThat(m.upLine()).isEqualTo(PREFIX + "succeeded.");
    }

    @Test
    void withoutMiscTimeoutTheVirtualServersDelayLoopIsTheTimeout() throws Exception {
        Recording programs = new Recording(new ProgramRunner.Outcome.Exited(0));
        MiscChecker m = checker("delay_loop 2", programs);
        m.probe();
        assertThat(programs.timeouts).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void exitOneIsDownWithKeepalivedsLine() throws Exception {
        MiscChecker m = checker("retry 3", new Recording(new ProgramRunner.Outcome.Exited(1)));
        ProbeResult.Failure f = (ProbeResult.Failure) m.probe();
        assertThat(f.line()).isEqualTo(PREFIX + "failed after 3 retries (exited with status 1).");
        assertThat(m.downLine(3, f)).isEqualTo(PREFIX + "failed after 3 retries (exited with status 1).");
        assertThat(m.downLine(0, f)).isEqualTo(PREFIX + "failed (exited with status 1).");
    }

    @Test
    void misc_checkDefaultsToNoRetries() throws Exception {
        MiscChecker m = checker("", new Recording(new ProgramRunner.Outcome.Exited(1)));
        assertThat(m.probe()).isEqualTo(new ProbeResult.Failure(PREFIX + "failed (exited with status 1)."));
    }

    @Test
    void withoutMiscDynamicAnyOtherStatusIsDown() throws Exception {
        MiscChecker m = checker("", new Recording(new ProgramRunner.Outcome.Exited(5)));
        assertThat(m.probe()).isEqualTo(new ProbeResult.Failure(PREFIX + "failed (exited with status 5)."));
    }

    @Test
    void miscDynamicTurnsStatusIntoWeight() throws Exception {
        Recording programs = new Recording(new ProgramRunner.Outcome.Exited(5));
        MiscChecker m = checker("misc_dynamic", programs);
        assertThat(m.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(3)));
        programs.outcome = new ProgramRunner.Outcome.Exited(255);
        assertThat(m.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(253)));
        programs.outcome = new ProgramRunner.Outcome.Exited(2);
        assertThat(m.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(0)));
        // 0 puts back the real server's configured weight (5)
        programs.outcome = new ProgramRunner.Outcome.Exited(0);
        assertThat(m.probe()).isEqualTo(new ProbeResult.Success(OptionalLong.of(5)));
        programs.outcome = new ProgramRunner.Outcome.Exited(1);
        assertThat(m.probe()).isEqualTo(new ProbeResult.Failure(PREFIX + "failed (exited with status 1)."));
    }

    @Test
    void aTimeoutIsDownAsTimedOut() throws Exception {
        MiscChecker m = checker("retry 2", new Recording(new ProgramRunner.Outcome.TimedOut()));
        ProbeResult.Failure f = (ProbeResult.Failure) m.probe();
        assertThat(f.line()).isEqualTo(PREFIX + "timed out after 2 retries.");
        assertThat(m.downLine(0, f)).isEqualTo(PREFIX + "timed out.");
    }

    @Test
    void aSignalIsDown() throws Exception {
        MiscChecker m = checker("", new Recording(new ProgramRunner.Outcome.Signalled(9)));
        assertThat(m.probe()).isEqualTo(new ProbeResult.Failure(PREFIX + "failed (due to signal 9)."));
    }

    @Test
    void aProgramThatCannotStartIsDownWithTheReason() throws Exception {
        MiscChecker m = checker("retry 1", new Recording(new ProgramRunner.Outcome.NotStarted(
                "Script /path/check.sh cannot be accessed - No such file or directory")));
        ProbeResult.Failure f = (ProbeResult.Failure) m.probe();
        assertThat(f.line()).isEqualTo(PREFIX + "failed after 1 retries (Script /path/check.sh cannot be accessed"
                + " - No such file or directory).");
        assertThat(m.downLine(4, f)).isEqualTo(PREFIX + "failed after 4 retries (Script /path/check.sh cannot be"
                + " accessed - No such file or directory).");
    }

    @Test
    void aForeignFailureLineStillGivesAWellFormedDownLine() {
        MiscChecker m = checker("", new Recording(new ProgramRunner.Outcome.Exited(0)));
        assertThat(m.downLine(2, new ProbeResult.Failure("something else")))
                .isEqualTo(PREFIX + "failed after 2 retries.");
    }
}
