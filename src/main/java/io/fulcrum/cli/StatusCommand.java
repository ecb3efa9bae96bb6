package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmSession.ChannelException;
import io.fulcrum.control.ControlCodec;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.DataplaneStatus;
import io.fulcrum.control.VrrpStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum status}: the running daemon's VRRP instances (state, priorities, master, transitions) and its
 * packet engine (interfaces, frames forwarded, drops by reason).
 */
@Command(name = "status", description = {
    "Show the running daemon's VRRP instances: state, priority and effective priority, the current master,",
    "the virtual addresses and the latest state changes with their reasons; and its packet engine (DR/NAT/TUN):",
    "interfaces, services, frames received and forwarded, drops by reason.",
    "--json prints {\"vrrp\": ..., \"dataplane\": ...}."
})
final class StatusCommand implements Callable<Integer> {

    private final Env env;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's control socket (default:"
            + " $FULCRUM_SOCKET, else " + Env.DEFAULT_SOCKET + ").")
    Path socket;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    StatusCommand(Env env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try (DaemonChannel channel = new DaemonChannel(env.socket(socket), "fulcrum status " + Main.version())) {
            ControlResponse r = channel.call(new ControlRequest.GetVrrpStatus());
            return switch (r) {
                case ControlResponse.Ok(ControlResponse.Vrrp v) -> {
                    ControlResponse d = channel.call(new ControlRequest.GetDataplaneStatus());
                    if (!(d instanceof ControlResponse.Ok(ControlResponse.Dataplane dp))) {
                        env.err().println("fulcrum status: the daemon did not give its data plane's status: " + d);
                        yield ExitCodes.FAILURE;
                    }
                    print(v.status(), dp.status());
                    yield ExitCodes.OK;
                }
                case ControlResponse.Ok ok -> {
                    env.err().println("fulcrum status: the daemon answered with " + ok.payload().getClass()
                            .getSimpleName() + " instead of a status");
                    yield ExitCodes.FAILURE;
                }
                case ControlResponse.Error e -> {
                    env.err().println("fulcrum status: " + e.message());
                    yield ExitCodes.FAILURE;
                }
            };
        } catch (ChannelException e) {
            env.err().println("fulcrum status: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }

    private void print(VrrpStatus status, DataplaneStatus dataplane) {
        PrintWriter out = env.out();
        if (json) {
            ControlCodec codec = new ControlCodec();
            out.println("{\"vrrp\":" + codec.json(status) + ",\"dataplane\":" + codec.json(dataplane) + "}");
            return;
        }
        printVrrp(status, out);
        if (dataplane.running()) {
            out.printf("Packet engine on %s (%d worker(s) each): %s%n", String.join(", ", dataplane.interfaces()),
                    dataplane.workers(), dataplane.services().isEmpty() ? "no service"
                            : String.join(", ", dataplane.services()));
            out.printf("  frames received %d, forwarded %d%n", dataplane.received(), dataplane.forwarded());
            if (!dataplane.drops().isEmpty()) {
                out.println("  dropped: " + counts(dataplane.drops()));
            }
            if (!dataplane.frameErrors().isEmpty()) {
                out.println("  malformed or unsupported: " + counts(dataplane.frameErrors()));
            }
        }
    }

    private static String counts(java.util.Map<String, Long> m) {
        return m.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    private void printVrrp(VrrpStatus status, PrintWriter out) {
        if (!status.running()) {
            out.println("VRRP is not running in this daemon (no vrrp_instance configured, or started with --check)");
            return;
        }
        for (VrrpStatus.Instance i : status.instances()) {
            out.printf("VRRP instance %s (vrid %d on %s): %s, priority %d%s, adverts every %d ms%n", i.name(),
                    i.vrid(), i.interfaceName(), i.state(), i.priority(),
                    i.effectivePriority() == i.priority() ? "" : " (effective " + i.effectivePriority() + ")",
                    i.intervalMillis());
            out.println("  master: " + i.master().map(m -> m + " (priority " + i.masterPriority() + ")")
                    .orElse("unknown"));
            out.println("  virtual addresses: " + (i.vips().isEmpty() ? "none" : String.join(" ", i.vips())));
            if (!i.transitions().isEmpty()) {
                out.println("  transitions:");
                for (VrrpStatus.Transition t : i.transitions()) {
                    out.printf("    %s %s -> %s: %s%n", t.at(), t.from(), t.to(), t.reason());
                }
            }
        }
    }
}
