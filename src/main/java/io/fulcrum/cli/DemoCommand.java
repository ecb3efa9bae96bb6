package io.fulcrum.cli;

import io.fulcrum.common.Problem;
import io.fulcrum.config.ConfigDumper;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code fulcrum demo}: the README's first command. Until the proxy data plane exists it shows the embedded demo
 * configuration, as Fulcrum reads it, and what the demo will do; it does not pretend to balance traffic.
 */
@Command(name = "demo",
        description = {
            "The quick-start demo on embedded defaults (no root needed).",
            "Two backends on 127.0.0.1:8081 and :8082 behind a round-robin virtual server 127.0.0.1:8080",
            "(full-NAT). This version shows the demo configuration as Fulcrum reads it and what the demo will",
            "do; forwarding is not built yet."
        })
final class DemoCommand implements Callable<Integer> {

    static final String RESOURCE = "demo.conf";

    private final Env env;

    DemoCommand(Env env) {
        this.env = env;
    }

    static String demoConfig() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the embedded " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public Integer call() throws IOException {
        String text = demoConfig();
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of(env.shortHostName(),
                java.util.Map.of())).loadText("<demo.conf>", Path.of("."), text);
        for (Problem p : r.problems()) {
            env.err().println(p.format());
        }
        if (r.hasErrors()) {
            env.err().println("fulcrum demo: the embedded demo configuration has errors");
            return ExitCodes.SOFTWARE;
        }
        var out = env.out();
        out.println("Fulcrum demo (version " + VersionCommand.version() + ")");
        out.println();
        out.println("The demo configuration, as Fulcrum reads it (defaults filled in):");
        out.println();
        out.print(ConfigDumper.dump(r.config().orElseThrow()));
        out.println();
        out.println("What the demo does once the data plane is built:");
        out.println("  1. starts two HTTP backends, 127.0.0.1:8081 (\"Real Server 1\") and 127.0.0.1:8082"
                + " (\"Real Server 2\");");
        out.println("  2. serves the virtual server 127.0.0.1:8080 through the user-space full-NAT proxy,"
                + " round robin, with a TCP_CHECK on each backend;");
        out.println("  3. prints the table as 'ipvsadm -Ln' shows it and a short request loop alternating"
                + " between the two backends;");
        out.println("  4. keeps serving until Ctrl-C.");
        out.println();
        out.println("Not built yet in this version: the proxy and the checkers ('fulcrum run' serves the table,"
                + " 'fulcrum ipvsadm' lists and changes it). Try:");
        out.println("  bin/fulcrum check-config -f /etc/keepalived/keepalived.conf --dump");
        return ExitCodes.OK;
    }
}
