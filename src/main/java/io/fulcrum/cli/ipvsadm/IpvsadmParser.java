package io.fulcrum.cli.ipvsadm;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.DaemonOptions;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Failed;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.ListMode;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.ListOptions;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Ok;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Parsed;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.SyncState;
import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.Family;
import io.fulcrum.control.IpvsSnapshot.Forwarding;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.Persistence;
import io.fulcrum.control.IpvsSnapshot.Protocol;
import io.fulcrum.control.IpvsSnapshot.SchedFlags;
import io.fulcrum.control.IpvsSnapshot.ServiceKey;
import io.fulcrum.control.IpvsSnapshot.Tunnel;
import io.fulcrum.control.IpvsSnapshot.TunnelChecksum;
import io.fulcrum.control.IpvsSnapshot.TunnelType;
import io.fulcrum.control.ServerSpec;
import io.fulcrum.control.ServiceSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses an ipvsadm 1.31 command line (without the program name) into an {@link IpvsadmCommand}, or into the
 * exact stderr text and exit status ipvsadm gives for it. Checks run in ipvsadm's order: options left to right,
 * then left-over arguments, scheduler flags, the command/option table, then per-command rules.
 *
 * <p>Differences from ipvsadm, on purpose: Fulcrum never resolves names, so a host name or a service name
 * ({@code www.example.com:http}) is refused with ipvsadm's "illegal ... address[:port]" line plus a line naming
 * it; IPv4 netmasks must be dotted quads ({@code inet_aton} shorthands such as {@code 64} are refused);
 * {@code --fullnat} selects Fulcrum's full-NAT forwarding.
 */
public final class IpvsadmParser {

    public static final String TRY_HELP = "Try `ipvsadm -h' or 'ipvsadm --help' for more information.\n";
    /** IPVS_SVC_PERSISTENT_TIMEOUT: -p without a value. */
    public static final int DEFAULT_PERSISTENCE = 360;
    static final int MAX_TIMEOUT = 86400 * 31;

    private IpvsadmParser() {
    }

    /** Thrown only inside this package's parsing and caught in {@link #parse}. */
    static final class Fail extends RuntimeException {
        private final transient Failed failed;

        Fail(String message) {
            super(message, null, false, false);
            this.failed = new Failed(message + "\n", 2);
        }

        Fail(Failed failed) {
            super(failed.stderr(), null, false, false);
            this.failed = failed;
        }
    }

    public static Parsed parse(List<String> args) {
        try {
            return new Ok(new Run(args).run());
        } catch (Fail f) {
            return f.failed;
        }
    }

    public static Parsed parse(String... args) {
        return parse(List.of(args));
    }

    /** The state of one parse (ipvsadm's {@code ce}, {@code options} and {@code format}). */
    private static final class Run {
        private final List<String> args;
        private final Set<Option> options = EnumSet.noneOf(Option.class);
        private Command cmd;
        private SyncState syncState;
        private Protocol protocol;
        private IpAddress svcAddress;
        private int svcPort;
        private long fwmark;
        private Family family = Family.INET;
        private String scheduler = "";
        private long timeout;
        private Long netmask;
        private String pe = "";
        private String schedFlagsArg;
        private IpAddress destAddress;
        private int destPort;
        private Family destFamily;
        private Forwarding forwarding = Forwarding.ROUTE;
        private int weight = 1;
        private long uThreshold;
        private long lThreshold;
        private TunnelType tunType = TunnelType.IPIP;
        private int tunPort;
        private TunnelChecksum tunCsum = TunnelChecksum.NOCSUM;
        private String mcastIf = "";
        private Integer syncId;
        private Integer syncMaxLen;
        private IpAddress mcastGroup;
        private Integer mcastPort;
        private Integer mcastTtl;
        private final boolean[] format = new boolean[ListFormat.values().length];
        private int[] setTimeouts;

        Run(List<String> args) {
            this.args = args;
        }

        IpvsadmCommand run() {
            PoptTokens.Result split = PoptTokens.split(args);
            List<PoptTokens.Token> tokens = split.tokens();
            if (tokens.isEmpty() || !setCommand(tokens.getFirst())) {
                throw new Fail(new Failed(TRY_HELP, 255));
            }
            if (cmd == null) {
                return tokens.getFirst().key().equals("help") ? new IpvsadmCommand.Help()
                        : new IpvsadmCommand.Version();
            }
            for (PoptTokens.Token t : tokens.subList(1, tokens.size())) {
                option(t);
            }
            if (split.error() != null) {
                throw new Fail(new Failed(split.error() + "\n" + TRY_HELP, 255));
            }
            leftovers(split.leftovers());
            if (schedFlagsArg != null) {
                SchedFlagNames.parse(scheduler, schedFlagsArg);
            }
            genericCheck();
            if (options.contains(Option.CONNECTION) || options.contains(Option.TIMEOUT)
                    || options.contains(Option.DAEMON)) {
                if (options.contains(Option.STATS) || options.contains(Option.RATE)
                        || options.contains(Option.THRESHOLDS)) {
                    throw new Fail("options conflicts in the list command");
                }
            }
            return build();
        }

        /** Returns false when the first option is not a command (ipvsadm: try-help, 255). */
        private boolean setCommand(PoptTokens.Token t) {
            switch (t.key()) {
                case "add-service" -> cmd = Command.ADD;
                case "edit-service" -> cmd = Command.EDIT;
                case "delete-service" -> cmd = Command.DEL;
                case "clear" -> cmd = Command.FLUSH;
                case "list" -> cmd = Command.LIST;
                case "zero" -> cmd = Command.ZERO;
                case "add-server" -> cmd = Command.ADDDEST;
                case "edit-server" -> cmd = Command.EDITDEST;
                case "delete-server" -> cmd = Command.DELDEST;
                case "set" -> cmd = Command.TIMEOUT;
                case "restore" -> cmd = Command.RESTORE;
                case "save" -> cmd = Command.SAVE;
                case "start-daemon" -> {
                    cmd = Command.STARTDAEMON;
                    syncState = syncState(t.value(), "illegal start-daemon parameter specified");
                }
                case "stop-daemon" -> {
                    cmd = Command.STOPDAEMON;
                    syncState = syncState(t.value(), "illegal start_daemon specified");
                }
                case "help", "version" -> cmd = null;
                default -> {
                    return false;
                }
            }
            return true;
        }

        private static SyncState syncState(String v, String error) {
            return switch (v) {
                case "master" -> SyncState.MASTER;
                case "backup" -> SyncState.BACKUP;
                default -> throw new Fail(error);
            };
        }

        private void set(Option o) {
            if (!options.add(o)) {
                throw new Fail("multiple '" + o.ipvsadmName() + "' options specified");
            }
        }

        private void option(PoptTokens.Token t) {
            String v = t.value();
            switch (t.key()) {
                case "tcp-service" -> service(Protocol.TCP, v);
                case "udp-service" -> service(Protocol.UDP, v);
                case "sctp-service" -> service(Protocol.SCTP, v);
                case "fwmark-service" -> {
                    set(Option.SERVICE);
                    fwmark = Numbers.unsigned32(v);
                    if (fwmark <= 0) {
                        throw new Fail("invalid fwmark value `" + v + "' specified");
                    }
                    protocol = null;
                    family = Family.INET;
                }
                case "scheduler" -> {
                    set(Option.SCHEDULER);
                    scheduler = v;
                }
                case "persistent" -> {
                    set(Option.PERSISTENT);
                    timeout = v == null ? DEFAULT_PERSISTENCE : timeoutValue(v, 1);
                }
                case "netmask" -> {
                    set(Option.NETMASK);
                    netmask(v);
                }
                case "real-server" -> {
                    set(Option.SERVER);
                    HostPort hp = HostPort.parse(v, svcPort);
                    if (hp == null) {
                        throw new Fail(HostPort.error("illegal real server address[:port] specified", v));
                    }
                    destAddress = hp.address();
                    destPort = hp.port();
                    destFamily = hp.address().isV4() ? Family.INET : Family.INET6;
                }
                case "masquerading" -> forward(Forwarding.MASQ);
                case "ipip" -> forward(Forwarding.TUNNEL);
                case "gatewaying" -> forward(Forwarding.ROUTE);
                case "fullnat" -> forward(Forwarding.FULLNAT);
                case "weight" -> {
                    set(Option.WEIGHT);
                    weight = number(v, 0, Integer.MAX_VALUE, "illegal weight specified");
                }
                case "u-threshold" -> {
                    set(Option.UTHRESHOLD);
                    uThreshold = number(v, 0, Integer.MAX_VALUE, "illegal u_threshold specified");
                }
                case "l-threshold" -> {
                    set(Option.LTHRESHOLD);
                    lThreshold = number(v, 0, Integer.MAX_VALUE, "illegal l_threshold specified");
                }
                case "numeric" -> set(Option.NUMERIC);
                case "connection" -> set(Option.CONNECTION);
                case "mcast-interface" -> {
                    set(Option.MCAST);
                    mcastIf = v;
                }
                case "syncid" -> {
                    set(Option.SYNCID);
                    syncId = number(v, 0, 255, "illegal syncid specified");
                }
                case "timeout" -> set(Option.TIMEOUT);
                case "daemon" -> set(Option.DAEMON);
                case "stats" -> flag(Option.STATS, ListFormat.STATS);
                case "rate" -> flag(Option.RATE, ListFormat.RATE);
                case "thresholds" -> flag(Option.THRESHOLDS, ListFormat.THRESHOLDS);
                case "persistent-conn" -> flag(Option.PERSISTENTCONN, ListFormat.PERSISTENTCONN);
                case "nosort" -> flag(Option.NOSORT, ListFormat.NOSORT);
                case "sort" -> { }
                case "exact" -> flag(Option.EXACT, ListFormat.EXACT);
                case "tun-info" -> flag(Option.TUN_INFO, ListFormat.TUN_INFO);
                case "ipv6" -> {
                    if (fwmark == 0) {
                        throw new Fail("-6 used before -f\n");
                    }
                    family = Family.INET6;
                    netmask = 128L;
                }
                case "ops" -> set(Option.OPS);
                case "pe" -> {
                    set(Option.PE);
                    pe = v;
                }
                case "sched-flags" -> {
                    set(Option.SCHED_FLAGS);
                    schedFlagsArg = v;
                }
                case "mcast-group" -> {
                    set(Option.MCAST_GROUP);
                    mcastGroup = IpAddress.tryParse(v).filter(IpAddress::isMulticast).orElseThrow(() -> new Fail(
                            "invalid " + (v.contains(":") ? "IPv6" : "IPv4") + " mcast-group `" + v + "'"));
                }
                case "mcast-port" -> {
                    set(Option.MCAST_PORT);
                    mcastPort = number(v, 1, 65535, "illegal mcast-port specified");
                }
                case "mcast-ttl" -> {
                    set(Option.MCAST_TTL);
                    mcastTtl = number(v, 1, 255, "illegal mcast-ttl specified");
                }
                case "sync-maxlen" -> {
                    set(Option.SYNC_MAXLEN);
                    syncMaxLen = number(v, 1, 65535 - 28, "illegal sync-maxlen specified");
                }
                case "tun-type" -> {
                    set(Option.TUN_TYPE);
                    tunType = switch (v) {
                        case "ipip" -> TunnelType.IPIP;
                        case "gue" -> TunnelType.GUE;
                        case "gre" -> TunnelType.GRE;
                        default -> throw new Fail("illegal tunnel type specified");
                    };
                }
                case "tun-port" -> {
                    set(Option.TUN_PORT);
                    tunPort = number(v, 1, 65535, "illegal tunnel port specified");
                }
                case "tun-nocsum" -> {
                    set(Option.TUN_NOCSUM);
                    tunCsum = TunnelChecksum.NOCSUM;
                }
                case "tun-csum" -> {
                    set(Option.TUN_CSUM);
                    tunCsum = TunnelChecksum.CSUM;
                }
                case "tun-remcsum" -> {
                    set(Option.TUN_REMCSUM);
                    tunCsum = TunnelChecksum.REMCSUM;
                }
                default -> throw new Fail("invalid option `" + t.typed() + "'");
            }
        }

        private void flag(Option o, ListFormat f) {
            set(o);
            format[f.ordinal()] = true;
        }

        private void forward(Forwarding f) {
            set(Option.FORWARD);
            forwarding = f;
        }

        private void service(Protocol p, String v) {
            set(Option.SERVICE);
            HostPort hp = HostPort.parse(v, 0);
            if (hp == null) {
                throw new Fail(HostPort.error("illegal virtual server address[:port] specified", v));
            }
            protocol = p;
            svcAddress = hp.address();
            svcPort = hp.port();
            family = svcAddress.isV4() ? Family.INET : Family.INET6;
        }

        private void netmask(String v) {
            if (family == Family.INET6) {
                netmask = (long) number(v, 1, 128, "illegal ipv6 netmask specified");
            } else {
                IpAddress m = IpAddress.tryParse(v).filter(IpAddress::isV4).orElseThrow(
                        () -> new Fail("illegal virtual server persistent mask specified"));
                byte[] b = m.bytes();
                netmask = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
            }
        }

        private static long timeoutValue(String v, int min) {
            return number(v, min, MAX_TIMEOUT, "invalid timeout value `" + v + "' specified");
        }

        private static int number(String v, int min, int max, String error) {
            long n = Numbers.parse(v);
            if (n < min || n > max) {
                throw new Fail(error);
            }
            return (int) n;
        }

        private void leftovers(List<String> rest) {
            int used = 0;
            if (cmd == Command.TIMEOUT) {
                if (rest.size() < 3) {
                    throw new Fail("--set option requires 3 timeout values");
                }
                setTimeouts = new int[3];
                for (int k = 0; k < 3; k++) {
                    setTimeouts[k] = (int) timeoutValue(rest.get(k), 0);
                }
                used = 3;
            }
            if (rest.size() > used) {
                throw new Fail("unexpected argument " + rest.get(used));
            }
        }

        private void genericCheck() {
            Option last = null;
            for (Option o : Option.values()) {
                char rule = cmd.rule(o);
                boolean given = options.contains(o);
                if (!given && rule == '+') {
                    throw new Fail("You need to supply the '" + o.ipvsadmName() + "' option for the '"
                            + cmd.ipvsadmName() + "' command");
                }
                if (given && rule == 'x') {
                    throw new Fail("Illegal '" + o.ipvsadmName() + "' option with the '" + cmd.ipvsadmName()
                            + "' command");
                }
                if (given && rule == '1') {
                    if (last != null) {
                        throw new Fail("The option '" + o.ipvsadmName() + "' conflicts with the '"
                                + last.ipvsadmName() + "' option in the '" + cmd.ipvsadmName() + "' command");
                    }
                    last = o;
                }
            }
        }

        private Optional<ServiceKey> key() {
            if (!options.contains(Option.SERVICE)) {
                return Optional.empty();
            }
            return Optional.of(protocol == null ? new FwmarkKey(fwmark, family)
                    : new AddressKey(protocol, svcAddress, svcPort));
        }

        private IpvsadmCommand build() {
            return switch (cmd) {
                case ADD -> new IpvsadmCommand.AddService(serviceSpec());
                case EDIT -> new IpvsadmCommand.EditService(serviceSpec());
                case DEL -> new IpvsadmCommand.DeleteService(key().orElseThrow());
                case FLUSH -> new IpvsadmCommand.Clear();
                case LIST -> new IpvsadmCommand.ListTable(key(), listOptions());
                case ADDDEST -> new IpvsadmCommand.AddServer(key().orElseThrow(), serverSpec());
                case EDITDEST -> new IpvsadmCommand.EditServer(key().orElseThrow(), serverSpec());
                case DELDEST -> new IpvsadmCommand.DeleteServer(key().orElseThrow(), destAddress, destPort);
                case TIMEOUT -> new IpvsadmCommand.SetTimeouts(setTimeouts[0], setTimeouts[1], setTimeouts[2]);
                case STARTDAEMON -> new IpvsadmCommand.StartDaemon(syncState, new DaemonOptions(mcastIf,
                        Optional.ofNullable(syncId), Optional.ofNullable(syncMaxLen), Optional.ofNullable(mcastGroup),
                        Optional.ofNullable(mcastPort), Optional.ofNullable(mcastTtl)));
                case STOPDAEMON -> new IpvsadmCommand.StopDaemon(syncState, Optional.ofNullable(syncId));
                case RESTORE -> new IpvsadmCommand.Restore();
                case SAVE -> new IpvsadmCommand.Save(options.contains(Option.NUMERIC));
                case ZERO -> new IpvsadmCommand.Zero(key());
            };
        }

        private ServiceSpec serviceSpec() {
            boolean persistent = options.contains(Option.PERSISTENT);
            if (protocol != null && svcPort == 0 && !persistent) {
                throw new Fail("Zero port specified for non-persistent service");
            }
            boolean ops = options.contains(Option.OPS);
            if (ops && protocol != null && protocol != Protocol.UDP) {
                throw new Fail("One-Packet Scheduling is only for UDP virtual services");
            }
            String sched = scheduler.isEmpty() ? "wlc" : scheduler;
            SchedFlags flags = schedFlagsArg == null ? SchedFlags.NONE : SchedFlagNames.parse(scheduler, schedFlagsArg);
            long mask = netmask != null ? netmask : family == Family.INET6 ? 128 : 0xFFFF_FFFFL;
            return new ServiceSpec(key().orElseThrow(), sched, flags, new Persistence(timeout, mask, pe), ops);
        }

        private ServerSpec serverSpec() {
            int port = destPort;
            if (protocol != null && (forwarding == Forwarding.TUNNEL || forwarding == Forwarding.ROUTE)) {
                port = svcPort;
            }
            if (destFamily != family && forwarding != Forwarding.TUNNEL) {
                throw new Fail("Different address family is allowed only for tunneling servers");
            }
            boolean tunOpts = options.contains(Option.TUN_TYPE) || options.contains(Option.TUN_PORT)
                    || options.contains(Option.TUN_NOCSUM) || options.contains(Option.TUN_CSUM)
                    || options.contains(Option.TUN_REMCSUM);
            if (tunOpts && forwarding != Forwarding.TUNNEL) {
                throw new Fail("Tunnel options conflict with forward method");
            }
            TunnelRules.check(tunType, options);
            Optional<Tunnel> tunnel = forwarding == Forwarding.TUNNEL
                    ? Optional.of(new Tunnel(tunType, tunPort, tunCsum)) : Optional.empty();
            return new ServerSpec(destAddress, port, forwarding, weight, uThreshold, lThreshold, tunnel);
        }

        private ListOptions listOptions() {
            ListMode mode = options.contains(Option.CONNECTION) ? ListMode.CONNECTIONS
                    : options.contains(Option.TIMEOUT) ? ListMode.TIMEOUT
                    : options.contains(Option.DAEMON) ? ListMode.DAEMON : ListMode.SERVICES;
            return new ListOptions(mode, options.contains(Option.NUMERIC), f(ListFormat.EXACT), f(ListFormat.STATS),
                    f(ListFormat.RATE), f(ListFormat.THRESHOLDS), f(ListFormat.PERSISTENTCONN),
                    f(ListFormat.TUN_INFO), f(ListFormat.NOSORT));
        }

        private boolean f(ListFormat lf) {
            return format[lf.ordinal()];
        }
    }

    private enum ListFormat { STATS, RATE, THRESHOLDS, PERSISTENTCONN, NOSORT, EXACT, TUN_INFO }
}
