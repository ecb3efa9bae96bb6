package io.fulcrum.daemon;

import io.fulcrum.cli.Env;
import io.fulcrum.cli.Main;
import java.io.PrintWriter;

/** The program's entry point: the command line, with the daemon wired in for {@code fulcrum run}. */
public final class FulcrumMain {

    /** Netty's buffer leak detector: a development aid that costs the proxy about 15% CPU per request. */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private FulcrumMain() {
    }

    public static void main(String[] args) {
        // before any Netty class is loaded; -Dio.netty.leakDetection.level=simple (FULCRUM_JAVA_OPTS) turns it on
        if (System.getProperty(LEAK_DETECTION) == null) {
            System.setProperty(LEAK_DETECTION, "disabled");
        }
        Env env = new Env(System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.in);
        int code = Main.run(args, env, new ForegroundDaemon(Main.version()));
        System.exit(code);
    }
}
