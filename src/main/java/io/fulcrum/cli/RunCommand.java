package io.fulcrum.cli;

import io.fulcrum.config.LoadResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum run}: the director daemon in the foreground. Like keepalived it starts even when some blocks of
 * the configuration have errors (they are reported first, as check-config reports them); only an unreadable
 * configuration stops it (exit 3).
 */
@Command(name = "run",
        description = {
            "Run the director from keepalived.conf, in the foreground.",
            "Builds the virtual server table from the configuration's virtual servers, serves it on the control",
            "socket, where 'fulcrum ipvsadm' lists and changes it, and forwards its full-NAT services through the",
            "user-space proxy (see --dataplane), runs the health checkers (unless -P) and the VRRP instances",
            "(unless -C).",
            "Stops cleanly on SIGTERM or SIGINT (listeners closed, the socket removed, exit status 0); SIGHUP",
            "reloads the configuration file (as 'fulcrum reload' does).",
            "Writes keepalived's dumps on SIGUSR1 (data), SIGUSR2 (stats) and SIGRTMIN+2 (JSON): see 'fulcrum dump'."
        })
final class RunCommand implements Callable<Integer> {

    private final Env env;
    private final DaemonLauncher daemon;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The control socket to serve (default: $FULCRUM_SOCKET, else " + Env.DEFAULT_SOCKET
                    + "). Created with mode 0600; its directory is created when missing.")
    Path socket;

    @Option(names = "--dataplane", paramLabel = "auto|proxy|none", defaultValue = "auto",
            converter = Dataplane.Converter.class, completionCandidates = Dataplane.Candidates.class,
            description = {
                "What forwards the virtual services (default: ${DEFAULT-VALUE}).",
                "auto: full-NAT services (lvs_method FNAT, ipvsadm --fullnat) through the user-space proxy; DR,"
                        + " NAT and TUN ones through the packet engine (AF_PACKET; needs root or CAP_NET_RAW +"
                        + " CAP_NET_ADMIN and the nft program: without them such a virtual_server is a start-up"
                        + " error naming the cause).",
                "proxy: every TCP/UDP service through the proxy, DR/NAT/TUN ones too; their responses then flow"
                        + " back through the director.",
                "none: the table is served, nothing is forwarded."
            })
    Dataplane dataplane = Dataplane.AUTO;

    @Option(names = "--proxy-io", paramLabel = "auto|io_uring|epoll|nio", defaultValue = "auto",
            converter = ProxyIo.Converter.class, completionCandidates = ProxyIo.Candidates.class,
            description = "The user-space proxy's I/O (default: ${DEFAULT-VALUE}: io_uring, else native epoll, else"
                    + " Java NIO); a transport asked for but unavailable falls back, said in the log.")
    ProxyIo proxyIo = ProxyIo.AUTO;

    @Option(names = "--packet-workers", paramLabel = "N", defaultValue = "0",
            description = "Threads of the packet engine (DR/NAT/TUN) per interface, each with its own AF_PACKET"
                    + " ring in a fanout group (default ${DEFAULT-VALUE}: one per processor).")
    int packetWorkers;

    @Option(names = "--expire-nodest-conn", description = "IPVS's expire_nodest_conn: the connections of a real"
            + " server removed from the table end at their next packet (default: they go on until they end or"
            + " time out).")
    boolean expireNodestConn;

    @Option(names = "--expire-quiescent-template", description = "IPVS's expire_quiescent_template: a persistence"
            + " template whose real server has weight 0 no longer sends new connections there (default: it does).")
    boolean expireQuiescentTemplate;

    @Option(names = {"-P", "--vrrp"}, description = "Only run VRRP: no health checking (keepalived's --vrrp).")
    boolean vrrpOnly;

    @Option(names = {"-C", "--check"}, description = "Only run health checking: no VRRP instance is started"
            + " (keepalived's --check).")
    boolean checkOnly;

    @Option(names = {"-D", "--log-detail"}, description = "Also log the detail lines keepalived logs with -D"
            + " (VIPs set and removed, gratuitous ARPs, priority-0 adverts...).")
    boolean logDetail;

    @Option(names = "--web", paramLabel = "ADDR:PORT",
            description = "Serve the status page, its JSON API and Prometheus /metrics on ADDR:PORT (a bare PORT"
                    + " means 127.0.0.1:PORT; read-only). Wins over global_defs web_listen. Off by default.")
    String web;

    @Option(names = "--web-token-file", paramLabel = "PATH",
            description = "Ask every request to the status page for the bearer token on the first line of PATH"
                    + " (Authorization: Bearer TOKEN; the page and its event stream also take ?token=TOKEN)."
                    + " Wins over global_defs web_token.")
    Path webTokenFile;

    @Option(names = {"-S", "--log-syslog"}, description = "Log to syslog instead of stdout (keepalived's -S):"
            + " RFC 3164 datagrams to /dev/log, which journald serves under systemd; program name Fulcrum, with"
            + " the pid.")
    boolean logSyslog;

    @Option(names = "--log-facility", paramLabel = "daemon|local0..local7|0..7", defaultValue = "daemon",
            description = "The syslog facility (default: ${DEFAULT-VALUE}; 0..7 are keepalived's -S values,"
                    + " local0..local7).")
    String logFacility = "daemon";

    @Option(names = "--log-syslog-socket", paramLabel = "PATH", description = "The syslog socket (default:"
            + " /dev/log), for tests and systems whose syslog listens elsewhere.")
    Path logSyslogSocket;

    RunCommand(Env env, DaemonLauncher daemon) {
        this.env = env;
        this.daemon = daemon;
    }

    @Override
    public Integer call() {
        if (packetWorkers < 0) {
            env.err().println("fulcrum run: --packet-workers: expected 0 (one per processor) or more, not "
                    + packetWorkers);
            return ExitCodes.USAGE;
        }
        if (vrrpOnly && checkOnly) {
            env.err().println("fulcrum run: --vrrp and --check exclude each other (each runs only one subsystem)");
            return ExitCodes.USAGE;
        }
        Optional<WebOption.Listen> webListen = Optional.empty();
        Optional<String> webToken = Optional.empty();
        try {
            if (web != null) {
                webListen = Optional.of(WebOption.parseListen(web));
            }
        } catch (IllegalArgumentException e) {
            env.err().println("fulcrum run: --web: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            if (webTokenFile != null) {
                webToken = Optional.of(WebOption.readToken(webTokenFile));
            }
        } catch (IllegalArgumentException e) {
            env.err().println("fulcrum run: --web-token-file: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Optional<SyslogFacility> facility = SyslogFacility.parse(logFacility);
        if (facility.isEmpty()) {
            env.err().println("fulcrum run: --log-facility: expected one of " + SyslogFacility.names()
                    + " or 0..7, not '" + logFacility + "'");
            return ExitCodes.USAGE;
        }
        if ((logSyslogSocket != null || !"daemon".equals(logFacility)) && !logSyslog) {
            env.err().println("fulcrum run: --log-facility and --log-syslog-socket need --log-syslog (-S)");
            return ExitCodes.USAGE;
        }
        LogSettings logging = logSyslog ? new LogSettings(true, facility.get(),
                logSyslogSocket != null ? logSyslogSocket : LogSettings.DEV_LOG) : LogSettings.STDOUT;
        LoadResult r = config.load(env);
        long errors = ConfigOptions.report(r, env);
        if (r.readError().isPresent()) {
            env.err().println("fulcrum run: cannot read configuration: " + r.readError().get());
            return ExitCodes.CONFIG_UNREADABLE;
        }
        if (errors > 0) {
            env.err().println("fulcrum run: " + config.file + ": " + errors + " error(s); starting with the"
                    + " configuration as read, as keepalived does");
        }
        return daemon.run(new RunSettings(config.file, r.config().orElseThrow(), errors, r.warningCount(),
                env.socket(socket), dataplane, expireNodestConn, expireQuiescentTemplate, !checkOnly, !vrrpOnly,
                logDetail, proxyIo, packetWorkers, new WebOption(webListen, webToken), logging,
                config.source(env)), env);
    }
}
