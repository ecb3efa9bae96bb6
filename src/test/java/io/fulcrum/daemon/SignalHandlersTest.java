package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.control.DaemonSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

/**
 * The handlers' installation in a JVM that does not open jdk.internal.misc (this test JVM, unlike the jar's
 * manifest): a real-time signal is refused with the reason and the way round it in the log, and nothing is
 * installed. (That the jar's JVM does handle them is DumpDaemonIT's.)
 */
class SignalHandlersTest {

    @Test
    void aRealTimeSignalTheJvmCannotTakeIsSaidInTheLog() {
        List<String> log = new ArrayList<>();
        SignalHandlers.install(Map.of(DaemonSignal.JSON, () -> { }), Map.of(SignalHandlers.SR_SIGNUM, "39"),
                log::add);
        assertThat(log).containsExactly("Signal SIGRTMIN+2 (36, JSON) cannot be handled in this JVM (the JVM was"
                + " started without --add-opens java.base/jdk.internal.misc=ALL-UNNAMED, which real-time signals"
                + " need); use fulcrum dump --socket ... instead");
    }

    @Test
    void namedSignalsAreTheJvmsOwn() throws Exception {
        Signal usr1 = SignalHandlers.signalOf(DaemonSignal.DATA);
        assertThat(usr1.getNumber()).isEqualTo(10);
        assertThat(SignalHandlers.signalOf(DaemonSignal.STATS).getNumber()).isEqualTo(12);
        assertThat(DaemonSignal.JSON.realTime()).isTrue();
        assertThat(DaemonSignal.STATS.realTime()).isFalse();
        assertThat(DaemonSignal.byName("stats_clear")).contains(DaemonSignal.STATS_CLEAR);
        assertThat(DaemonSignal.byName("TDATA")).isEmpty();
    }
}
