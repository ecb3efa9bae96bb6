package io.fulcrum.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the director for {@code fulcrum run} and {@code fulcrum demo}. The composition root provides it: this
 * package reads the command line and the configuration, the daemon package builds and runs everything.
 */
public interface DaemonLauncher {

    /** Runs until stopped (SIGTERM/SIGINT) and returns the exit code; the daemon's log goes to {@code env}. */
    int run(RunSettings settings, Env env);

    /**
     * Starts a daemon in this process and returns once it serves (its control socket is ready and its
     * listeners are bound, or said not to be in {@link Running#forwardingProblems()}).
     *
     * @param log where the daemon's log lines go
     * @throws StartFailure when it cannot start, with the reason ({@code fulcrum run} would exit 1)
     */
    Running start(RunSettings settings, Consumer<String> log) throws StartFailure;

    /** A daemon started in this process. */
    interface Running extends AutoCloseable {

        /** The control socket it serves. */
        Path socket();

        /** One line per virtual service that could not be forwarded at start (a port in use, ...). */
        List<String> forwardingProblems();

        /** Stops it as SIGTERM would (listeners and socket closed); later calls do nothing. */
        @Override
        void close();
    }

    /** The daemon could not start; the message says why. */
    final class StartFailure extends Exception {
        public StartFailure(String message) {
            super(message);
        }
    }
}
