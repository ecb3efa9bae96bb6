package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.util.ArrayList;
import java.util.List;

/** Prepares a real server with {@code fulcrum realserver start --vip VIP... [--decap]}, run in its namespace. */
public final class CommandRealServerSetup implements RealServerSetup {

    private final List<String> fulcrum;

    /** {@code fulcrum}: the command line that runs Fulcrum (java ... main class). */
    public CommandRealServerSetup(List<String> fulcrum) {
        this.fulcrum = List.copyOf(fulcrum);
    }

    @Override
    public void prepare(String ns, List<IpAddress> vips, boolean decap) throws LabException {
        if (vips.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>(fulcrum);
        cmd.addAll(List.of("realserver", "start"));
        for (IpAddress vip : vips) {
            cmd.addAll(List.of("--vip", vip.toString()));
        }
        if (decap) {
            cmd.add("--decap");
        }
        LabShell.exec(ns, cmd.toArray(String[]::new));
    }

    @Override
    public String describe() {
        return "fulcrum realserver start";
    }
}
