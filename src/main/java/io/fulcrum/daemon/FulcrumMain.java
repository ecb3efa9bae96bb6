package io.fulcrum.daemon;

import io.fulcrum.cli.Env;
import io.fulcrum.cli.Main;
import java.io.PrintWriter;

/** The program's entry point: the command line, with the daemon wired in for {@code fulcrum run}. */
public final class FulcrumMain {

    private FulcrumMain() {
    }

    public static void main(String[] args) {
        Env env = new Env(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.in);
        int code = Main.run(args, env, new ForegroundDaemon(Main.version()));
        System.exit(code);
    }
}
