package io.fulcrum.cli.ipvsadm;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.ServiceKey;
import io.fulcrum.control.ServerSpec;
import io.fulcrum.control.ServiceSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One parsed ipvsadm 1.31 command line. */
public sealed interface IpvsadmCommand {

    enum ListMode { SERVICES, CONNECTIONS, TIMEOUT, DAEMON }

    /** Listing switches: {@code -n --exact --stats --rate --thresholds --persistent-conn --tun-info --nosort}. */
    record ListOptions(ListMode mode, boolean numeric, boolean exact, boolean stats, boolean rate,
                       boolean thresholds, boolean persistentConn, boolean tunInfo, boolean noSort) {
        public static final ListOptions DEFAULT =
                new ListOptions(ListMode.SERVICES, false, false, false, false, false, false, false, false);
    }

    enum SyncState { MASTER, BACKUP }

    /** Daemon options; empty/0 = not given (ipvsadm's defaults: eth0, syncid 255, 224.0.0.81, 8848, ttl 1). */
    record DaemonOptions(String mcastInterface, Optional<Integer> syncId, Optional<Integer> syncMaxLen,
                         Optional<IpAddress> mcastGroup, Optional<Integer> mcastPort, Optional<Integer> mcastTtl) {
        public DaemonOptions {
            Objects.requireNonNull(mcastInterface);
        }
    }

    record AddService(ServiceSpec service) implements IpvsadmCommand { }

    record EditService(ServiceSpec service) implements IpvsadmCommand { }

    record DeleteService(ServiceKey service) implements IpvsadmCommand { }

    record Clear() implements IpvsadmCommand { }

    record Restore() implements IpvsadmCommand { }

    record Save(boolean numeric) implements IpvsadmCommand { }

    record AddServer(ServiceKey service, ServerSpec server) implements IpvsadmCommand { }

    record EditServer(ServiceKey service, ServerSpec server) implements IpvsadmCommand { }

    record DeleteServer(ServiceKey service, IpAddress address, int port) implements IpvsadmCommand { }

    record ListTable(Optional<ServiceKey> service, ListOptions options) implements IpvsadmCommand { }

    record Zero(Optional<ServiceKey> service) implements IpvsadmCommand { }

    /** --set tcp tcpfin udp (seconds; 0 = keep current). */
    record SetTimeouts(int tcp, int tcpFin, int udp) implements IpvsadmCommand { }

    record StartDaemon(SyncState state, DaemonOptions options) implements IpvsadmCommand { }

    record StopDaemon(SyncState state, Optional<Integer> syncId) implements IpvsadmCommand { }

    record Help() implements IpvsadmCommand { }

    record Version() implements IpvsadmCommand { }

    /** The outcome of parsing: a command or the exact error ipvsadm prints. */
    sealed interface Parsed permits Ok, Failed { }

    record Ok(IpvsadmCommand command) implements Parsed { }

    /** {@code stderr} is the complete text ipvsadm writes (with its newlines), {@code exitCode} its status. */
    record Failed(String stderr, int exitCode) implements Parsed { }

    /** Several command lines (the -R input); stops at the first failing line, as ipvsadm does. */
    record Batch(List<IpvsadmCommand> commands) { }
}
