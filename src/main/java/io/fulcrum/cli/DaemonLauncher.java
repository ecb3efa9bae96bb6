package io.fulcrum.cli;

/**
 * Runs the director in the foreground for {@code fulcrum run}. The composition root provides it: this package
 * reads the command line and the configuration, the daemon package builds and runs everything.
 */
@FunctionalInterface
public interface DaemonLauncher {

    /** Runs until stopped (SIGTERM/SIGINT) and returns the exit code; the daemon's log goes to {@code env}. */
    int run(RunSettings settings, Env env);
}
