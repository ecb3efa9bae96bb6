package io.fulcrum.daemon;

import io.fulcrum.control.DaemonSignal;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Installs the handlers of keepalived's reload and dump signals in the JVM. A signal the process was started with
 * ignored (SIGHUP under nohup) stays ignored: the JVM does not take it back, and the log says so. SIGUSR1 and SIGUSR2 are known to the JVM by name
 * (bin/fulcrum moves HotSpot's own use of SIGUSR2, thread suspend/resume, to a free real-time signal with
 * {@code _JAVA_SR_SIGNUM}). The JVM knows no real-time signal by name: for SIGRTMIN+2 (JSON) and STATS_CLEAR the
 * number of a {@code Signal} object is set through reflection, which needs
 * {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED} (the jar's manifest carries it). A signal the JVM
 * refuses is said in the log with the way round it ({@code fulcrum dump}).
 */
final class SignalHandlers {

    /** The variable bin/fulcrum sets; HotSpot uses SIGUSR2 for itself when it is unset. */
    static final String SR_SIGNUM = "_JAVA_SR_SIGNUM";

    private SignalHandlers() {
    }

    /** Installs each handler, runs on a thread of the JVM's; logs the ones that could not be installed. */
    static void install(Map<DaemonSignal, Runnable> handlers, Map<String, String> env, Consumer<String> log) {
        handlers.forEach((signal, action) -> {
            String instead = signal == DaemonSignal.RELOAD ? "fulcrum reload" : "fulcrum dump";
            try {
                if (Signal.handle(signalOf(signal), s -> action.run()) == SignalHandler.SIG_IGN) {
                    log.accept("SIG" + signal.signalName() + " was ignored when this process started (nohup?),"
                            + " and the JVM keeps it so: it is not handled; use " + instead + " --socket ...");
                }
            } catch (IllegalArgumentException | IllegalStateException | ReflectiveOperationException
                     | SecurityException e) {
                log.accept("Signal SIG" + signal.signalName() + " (" + signal.number() + ", " + signal
                        + ") cannot be handled in this JVM (" + e.getMessage() + "); use " + instead
                        + " --socket ... instead");
            }
        });
        if (handlers.containsKey(DaemonSignal.STATS) && env.get(SR_SIGNUM) == null) {
            log.accept("SIGUSR2 is handled, but " + SR_SIGNUM + " is not set: HotSpot's own use of SIGUSR2 (thread"
                    + " suspend/resume, e.g. for profiling) may be disturbed; bin/fulcrum sets it");
        }
    }

    static Signal signalOf(DaemonSignal signal) throws ReflectiveOperationException {
        if (!signal.realTime()) {
            return new Signal(signal.signalName());
        }
        // a signal the JVM knows by name carries the real-time number: the JVM registers handlers by number
        Signal carrier = new Signal("USR1");
        try {
            Field inner = Signal.class.getDeclaredField("iSignal");
            inner.setAccessible(true);
            Object internal = inner.get(carrier);
            Field number = internal.getClass().getDeclaredField("number");
            Field name = internal.getClass().getDeclaredField("name");
            number.setAccessible(true);
            name.setAccessible(true);
            number.setInt(internal, signal.number());
            name.set(internal, signal.signalName());
        } catch (RuntimeException e) {
            // InaccessibleObjectException: java.base does not open jdk.internal.misc to us
            throw new IllegalStateException("the JVM was started without --add-opens"
                    + " java.base/jdk.internal.misc=ALL-UNNAMED, which real-time signals need", e);
        }
        return carrier;
    }
}
