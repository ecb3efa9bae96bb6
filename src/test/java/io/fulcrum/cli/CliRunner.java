package io.fulcrum.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs a fulcrum command line in-process and keeps what it printed. */
record CliRunner(int code, String out, String err) {

    static CliRunner run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env e = new Env(env, new PrintWriter(out, true), new PrintWriter(err, true));
        int code = Main.run(args, e);
        return new CliRunner(code, out.toString(), err.toString());
    }

    static CliRunner run(String... args) {
        return run(Map.of("FULCRUM_HOSTNAME", "director1.example.com"), args);
    }
}
