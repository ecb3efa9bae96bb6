package io.fulcrum.cli;

import io.fulcrum.common.IpAddress;
import io.fulcrum.realserver.DecapProcess;
import io.fulcrum.realserver.DecapRecord;
import io.fulcrum.realserver.Decapsulator;
import io.fulcrum.realserver.HostInterfaces;
import io.fulcrum.realserver.IpipTunnel;
import io.fulcrum.realserver.NetlinkInterfaces;
import io.fulcrum.realserver.NoStateException;
import io.fulcrum.realserver.Privileges;
import io.fulcrum.realserver.ProcSysctls;
import io.fulcrum.realserver.RealServerException;
import io.fulcrum.realserver.RealServerSetup;
import io.fulcrum.realserver.RealServerState;
import io.fulcrum.realserver.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum realserver start|stop}: prepares this host as an LVS real server for DR or TUN forwarding (the VIP on
 * lo, the ARP sysctls), the way the tutorials' realserver.sh does, but recorded so that stop puts back exactly what
 * was there; with --decap, a user-space IPIP decapsulator for TUN forwarding runs in the foreground.
 */
@Command(name = "realserver",
        description = {
            "Prepare this host as a real server of a DR or TUN virtual service, and undo it exactly.",
            "",
            "'start' puts the VIP on lo (as /32, IPv6 /128 nodad) and sets the sysctls arp_ignore=1 and "
                    + "arp_announce=2 of net.ipv4.conf.lo and .all (and of the VIP's interface when --dev is not lo), so the host accepts packets "
                    + "for the VIP without answering ARP for it: what the LVS tutorials' realserver.sh does with "
                    + "'ifconfig lo:0 VIP netmask 255.255.255.255 up' and four echos into /proc/sys.",
            "Before changing anything it records what was there (whether the address existed, every sysctl's "
                    + "value) in a state file, one per VIP (default " + "/run/fulcrum/realserver/VIP.json). "
                    + "'stop' puts back exactly that, not zeros, and deletes the file. Starting twice is harmless: "
                    + "the first record is kept.",
            "",
            "Needs root, or CAP_NET_ADMIN (and CAP_NET_RAW for --decap).",
            "Exit codes: 0 done, 1 failed (nothing recorded to stop, a refused change, missing privileges), "
                    + "2 bad arguments.",
            ""
        },
        subcommands = {RealserverCommand.Start.class, RealserverCommand.Stop.class, CommandLine.HelpCommand.class})
final class RealserverCommand implements Runnable {

    static final String PREFIX = "fulcrum realserver: ";

    private final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    RealserverCommand(Env env) {
        this.env = env;
    }

    @Override
    public void run() {
        spec.commandLine().usage(env.out());
    }

    static IpAddress vip(CommandSpec spec, String text) {
        IpAddress a = IpAddress.tryParse(text).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--vip '" + text + "': not an IPv4 or IPv6 address"));
        if (a.isUnspecified() || a.isMulticast() || a.isLoopback()) {
            throw new ParameterException(spec.commandLine(), "--vip '" + text + "': a VIP is a unicast address, not "
                    + (a.isUnspecified() ? "the unspecified" : a.isMulticast() ? "a multicast" : "a loopback")
                    + " one");
        }
        return a;
    }

    /** Prints a failure as the command's own line on stderr, and returns the exit code. */
    static int fail(Env env, String command, String message) {
        env.err().println("fulcrum realserver " + command + ": " + message);
        return ExitCodes.FAILURE;
    }

    static RealServerSetup setup(Env env, HostInterfaces interfaces, Path stateDir) {
        return new RealServerSetup(interfaces, new ProcSysctls(), new StateStore(stateDir),
                line -> env.out().println(PREFIX + line));
    }

    @Command(name = "start",
                description = {
                "Put the VIP on lo (or --dev) and set arp_ignore=1, arp_announce=2, recording first what was there.",
                "",
                "Without --decap it changes the host and exits. With --decap (TUN forwarding: this kernel has no "
                        + "ipip module) it then stays in the foreground decapsulating: a raw IPIP socket receives "
                        + "the director's IPIP packets sent to this host, checks the outer and inner IPv4 headers "
                        + "(version, header length, total length, checksum; the inner destination must be the VIP) "
                        + "and writes each inner packet to a TUN interface (fulcrum-ipip0, up, rp_filter=0 on it "
                        + "and on all: the kernel filters with the larger of the two, other interfaces keep theirs). The kernel delivers it locally to the VIP, and replies go "
                        + "straight to the client by ordinary routing. SIGTERM or SIGINT ends it: the TUN interface "
                        + "is removed and the counters printed (packets decapsulated, dropped by reason); the rest "
                        + "stays until 'fulcrum realserver stop', which also ends a running decapsulator.",
                ""
            })
    static final class Start implements Callable<Integer> {

        private final Env env;

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = "--vip", required = true, paramLabel = "VIP",
                description = "The virtual address of the service: 192.0.2.10 or 2001:db8::10.")
        String vip;

        @Option(names = "--dev", paramLabel = "DEV", defaultValue = "lo",
                description = "The interface to put the VIP on (default: ${DEFAULT-VALUE}). Its arp_ignore and "
                        + "arp_announce are set too when it is not lo.")
        String dev;

        @Option(names = "--decap", description = "Also run the IPIP decapsulator for TUN forwarding, in the "
                + "foreground until SIGTERM/SIGINT (IPv4 VIPs).")
        boolean decap;

        @Option(names = "--decap-dev", paramLabel = "NAME",
                description = "The decapsulator's TUN interface (default: " + IpipTunnel.DEFAULT_DEVICE + "); "
                        + "one per decapsulator, so a second VIP with --decap needs another name.")
        String decapDev;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Where the state files are kept (default: /run/fulcrum/realserver).")
        Path stateDir = StateStore.DEFAULT_DIR;

        Start(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws InterruptedException {
            IpAddress address = vip(spec, vip);
            if (decapDev != null && !decap) {
                throw new ParameterException(spec.commandLine(), "--decap-dev '" + decapDev + "' needs --decap");
            }
            if (decap && !address.isV4()) {
                throw new ParameterException(spec.commandLine(), "--decap needs an IPv4 --vip ('" + vip
                        + "' is IPv6): IPIP, what LVS TUN forwarding sends, carries IPv4");
            }
            String tunName = decapDev != null ? decapDev : IpipTunnel.DEFAULT_DEVICE;
            if (tunName.isEmpty() || tunName.length() > 15 || tunName.contains("/") || tunName.contains(" ")) {
                throw new ParameterException(spec.commandLine(), "--decap-dev '" + tunName
                        + "': an interface name is 1 to 15 characters without '/' or spaces");
            }
            HostInterfaces interfaces = new NetlinkInterfaces();
            try {
                if (dev.isEmpty() || interfaces.index(dev).isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--dev '" + dev
                            + "': there is no network interface of that name");
                }
            } catch (RealServerException e) {
                return fail(env, "start", e.getMessage());
            }
            Optional<String> missing = Privileges.missing(decap);
            if (missing.isPresent()) {
                return fail(env, "start", missing.get());
            }
            RealServerSetup setup = setup(env, interfaces, stateDir);
            try {
                if (decap) {
                    Optional<DecapRecord> running = setup.store().load(address).flatMap(RealServerState::decap);
                    if (running.isPresent() && DecapProcess.running(running.get()).isPresent()) {
                        return fail(env, "start", "a decapsulator for " + address + " runs already (pid "
                                + running.get().pid() + " on " + running.get().device() + ")");
                    }
                }
                setup.start(address, dev);
                if (!decap) {
                    env.out().println(PREFIX + address + " is set up on " + dev + "; 'fulcrum realserver stop --vip "
                            + address + "' puts back what was there (recorded in "
                            + setup.store().file(address) + ")");
                    return ExitCodes.OK;
                }
                return decapsulate(setup, interfaces, address, tunName);
            } catch (RealServerException e) {
                return fail(env, "start", e.getMessage());
            } finally {
                env.out().flush();
                env.err().flush();
            }
        }

        private int decapsulate(RealServerSetup setup, HostInterfaces interfaces, IpAddress address, String tunName)
                throws RealServerException, InterruptedException {
            Decapsulator decapsulator;
            try (IpipTunnel tunnel = IpipTunnel.open(tunName)) {
                int index = interfaces.index(tunnel.device()).orElseThrow(() -> new RealServerException(
                        "the TUN interface " + tunnel.device() + " vanished as it was created"));
                setup.startDecap(address, tunnel.device(), index, DecapProcess.current(tunnel.device()));
                decapsulator = tunnel.decapsulator(address);
                Thread hook = StopOnSignal.install("fulcrum-realserver-stop", env, () -> {
                    decapsulator.stop();
                    try {
                        decapsulator.awaitStopped(Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    env.out().println(PREFIX + "decapsulator stopped, " + tunnel.device() + " removed: "
                            + decapsulator.counters().summary());
                    env.out().println(PREFIX + "the VIP and the sysctls stay until 'fulcrum realserver stop --vip "
                            + address + "'");
                });
                env.out().println(PREFIX + "decapsulating IPIP packets for " + address + " into " + tunnel.device()
                        + ", in the foreground until SIGTERM or SIGINT ('fulcrum realserver stop --vip " + address
                        + "' ends it and puts everything back)");
                env.out().flush();
                decapsulator.run();
                Optional<IOException> failure = decapsulator.failure();
                if (failure.isEmpty()) {
                    // stopped by the signal hook, which prints the counters and ends the process
                    return ExitCodes.OK;
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already
                }
                env.out().println(PREFIX + "decapsulator ended, " + tunnel.device() + " removed: "
                        + decapsulator.counters().summary());
                throw new RealServerException("receiving IPIP packets failed: " + failure.get().getMessage()
                        + "; the VIP and the sysctls stay until 'fulcrum realserver stop --vip " + address + "'");
            }
        }
    }

    @Command(name = "stop",
                description = {
                "Put back what 'start' recorded for the VIP, and delete its state file.",
                "",
                "The address is removed only if start added it; every sysctl gets the value it had before the "
                        + "first start (a sysctl of an interface that is gone, like the decapsulator's TUN, is "
                        + "skipped). A decapsulator still running for the VIP is ended first (SIGTERM). Without a "
                        + "state file nothing is changed and the exit code is 1.",
                ""
            })
    static final class Stop implements Callable<Integer> {

        private final Env env;

        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = "--vip", required = true, paramLabel = "VIP",
                description = "The VIP given to start.")
        String vip;

        @Option(names = "--state-dir", paramLabel = "DIR",
                description = "Where the state files are kept (default: /run/fulcrum/realserver).")
        Path stateDir = StateStore.DEFAULT_DIR;

        Stop(Env env) {
            this.env = env;
        }

        @Override
        public Integer call() throws InterruptedException {
            IpAddress address = vip(spec, vip);
            RealServerSetup setup = setup(env, new NetlinkInterfaces(), stateDir);
            try {
                Optional<RealServerState> state = setup.store().load(address);
                if (state.isEmpty()) {
                    throw new NoStateException(address.toString(), setup.store().file(address));
                }
                Optional<String> missing = Privileges.missing(false);
                if (missing.isPresent()) {
                    return fail(env, "stop", missing.get());
                }
                if (state.get().decap().isPresent()) {
                    DecapRecord d = state.get().decap().get();
                    Optional<ProcessHandle> running = DecapProcess.running(d);
                    if (running.isPresent()) {
                        env.out().println(PREFIX + "ending the decapsulator (pid " + d.pid() + ", " + d.device()
                                + ")");
                        if (!DecapProcess.terminate(running.get(), Duration.ofSeconds(10))) {
                            env.err().println("fulcrum realserver stop: warning: the decapsulator (pid " + d.pid()
                                    + ") did not end within 10 s; putting back the rest anyway");
                        }
                    }
                }
                setup.stop(address);
                env.out().println(PREFIX + address + " stopped: everything start changed is put back");
                return ExitCodes.OK;
            } catch (RealServerException e) {
                return fail(env, "stop", e.getMessage());
            } finally {
                env.out().flush();
                env.err().flush();
            }
        }
    }
}
