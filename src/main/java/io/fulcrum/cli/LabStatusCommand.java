package io.fulcrum.cli;

import io.fulcrum.lab.Lab;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.LabState;
import io.fulcrum.lab.LabStateStore;
import io.fulcrum.lab.LabStatusView;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code fulcrum lab status}: hosts, addresses, MACs, the VIP holder and its table, the processes. */
@Command(name = "status", description = {
    "Show the lab: hosts, addresses, MACs, the VIP's holder, its table, the processes.",
    "",
    "Which director holds the VIP (interface and MAC), its 'ipvsadm -Ln' through its control socket, and whether"
            + " every process of the lab still runs."
})
final class LabStatusCommand implements Callable<Integer> {

    private final Env env;

    @Mixin
    LabCommand.Where where = new LabCommand.Where();

    LabStatusCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        if (!LabCommand.validName(env, "status", where.name)) {
            return ExitCodes.USAGE;
        }
        if (!LabCommand.needRoot(env, "status")) {
            return ExitCodes.FAILURE;
        }
        Optional<LabState> st = LabCommand.upState(env, "status", where);
        if (st.isEmpty()) {
            return ExitCodes.FAILURE;
        }
        try {
            env.out().print(LabStatusView.render(new Lab(st.get(), new LabStateStore(), new LabTables())));
            return ExitCodes.OK;
        } catch (LabException e) {
            env.err().println("fulcrum lab status: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            env.out().flush();
        }
    }
}
