package io.fulcrum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fulcrum version}. */
@Command(name = "version", description = "Print Fulcrum's version and the Java runtime it runs on.")
final class VersionCommand implements Runnable {

    private final Env env;

    VersionCommand(Env env) {
        this.env = env;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void run() {
        env.out().println("fulcrum " + version());
        env.out().println("java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        env.out().println("compatible with: keepalived.conf (keepalived 2.2/2.4), ipvsadm v1.31, IPVS 1.2.1");
    }

    /** For {@code fulcrum --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fulcrum " + version()};
        }
    }
}
