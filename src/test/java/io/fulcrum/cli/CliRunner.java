package io.fulcrum.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a fulcrum command line in-process and keeps what it printed. {@code fulcrum run} and {@code fulcrum demo}
 * reach a recording launcher (no daemon is started in-process here; a demo's start fails): {@link #launched()}
 * holds what it was given.
 */
record CliRunner(int code, String out, String err, List<RunSettings> launched) {

    static CliRunner withStdin(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env e = new Env(env, new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        List<RunSettings> launched = new ArrayList<>();
        int code = Main.run(args, e, new DaemonLauncher() {
            @Override
            public int run(RunSettings settings, Env environment) {
                launched.add(settings);
                return 0;
            }

            @Override
            public Running start(RunSettings settings, java.util.function.Consumer<String> log)
                    throws StartFailure {
                launched.add(settings);
                throw new StartFailure("no daemon is started in this test");
            }
        });
        return new CliRunner(code, out.toString(), err.toString(), launched);
    }

    static CliRunner run(Map<String, String> env, String... args) {
        return withStdin(env, "", args);
    }

    static CliRunner run(String... args) {
        return run(Map.of("FULCRUM_HOSTNAME", "director1.example.com"), args);
    }
}
