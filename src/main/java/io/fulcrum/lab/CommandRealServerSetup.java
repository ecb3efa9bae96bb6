package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prepares a real server with {@code fulcrum realserver start --vip VIP} for each of its VIPs, run in its namespace
 * with a state directory of its own (namespaces share the file system); for TUN, the first VIP's
 * {@code start --decap}, which stays in the foreground decapsulating, is returned for the lab to run.
 */
public final class CommandRealServerSetup implements RealServerSetup {

    private final List<String> fulcrum;

    /** {@code fulcrum}: the command line that runs Fulcrum (java ... main class). */
    public CommandRealServerSetup(List<String> fulcrum) {
        this.fulcrum = List.copyOf(fulcrum);
    }

    @Override
    public Optional<List<String>> prepare(String ns, List<IpAddress> vips, boolean decap, Path stateDir)
            throws LabException {
        Optional<List<String>> decapsulator = Optional.empty();
        for (int i = 0; i < vips.size(); i++) {
            List<String> cmd = new ArrayList<>(fulcrum);
            cmd.addAll(List.of("realserver", "start", "--vip", vips.get(i).toString(), "--state-dir",
                    stateDir.toString()));
            if (decap && i == 0 && vips.get(i).isV4()) {
                cmd.add("--decap"); // stays in the foreground: the lab runs it as one of its processes
                decapsulator = Optional.of(List.copyOf(cmd));
            } else {
                LabShell.exec(ns, cmd.toArray(String[]::new));
            }
        }
        return decapsulator;
    }

    @Override
    public String describe() {
        return "fulcrum realserver start";
    }
}
