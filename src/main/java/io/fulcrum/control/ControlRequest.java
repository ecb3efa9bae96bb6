package io.fulcrum.control;

import io.fulcrum.common.IpAddress;
import io.fulcrum.control.IpvsSnapshot.ServiceKey;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client asks the daemon over the control socket: ipvsadm's operations on the virtual server table and
 * the connection timeouts, the listings, and a hello that checks both sides speak the same protocol.
 */
public sealed interface ControlRequest {

    /** First request of a session: the client's protocol version and what it is (for the daemon's log). */
    record Hello(int protocolVersion, String client) implements ControlRequest {
        public Hello {
            Objects.requireNonNull(client, "client");
        }
    }

    /** ipvsadm -A. */
    record AddService(ServiceSpec service) implements ControlRequest {
        public AddService {
            Objects.requireNonNull(service, "service");
        }
    }

    /** ipvsadm -E. */
    record EditService(ServiceSpec service) implements ControlRequest {
        public EditService {
            Objects.requireNonNull(service, "service");
        }
    }

    /** ipvsadm -D. */
    record DeleteService(ServiceKey service) implements ControlRequest {
        public DeleteService {
            Objects.requireNonNull(service, "service");
        }
    }

    /** ipvsadm -C. */
    record Clear() implements ControlRequest {
    }

    /** ipvsadm -a. */
    record AddServer(ServiceKey service, ServerSpec server) implements ControlRequest {
        public AddServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
        }
    }

    /** ipvsadm -e. */
    record EditServer(ServiceKey service, ServerSpec server) implements ControlRequest {
        public EditServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(server, "server");
        }
    }

    /** ipvsadm -d. */
    record DeleteServer(ServiceKey service, IpAddress address, int port) implements ControlRequest {
        public DeleteServer {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range 0..65535: " + port);
            }
        }
    }

    /** ipvsadm -Z: one service, or every service when empty. */
    record Zero(Optional<ServiceKey> service) implements ControlRequest {
        public Zero {
            Objects.requireNonNull(service, "service");
        }
    }

    /** ipvsadm --set tcp tcpfin udp: seconds, 0 keeps the current value. */
    record SetTimeouts(int tcp, int tcpFin, int udp) implements ControlRequest {
        public SetTimeouts {
            for (int t : new int[] {tcp, tcpFin, udp}) {
                if (t < 0) {
                    throw new IllegalArgumentException("negative timeout: " + t);
                }
            }
        }
    }

    /**
     * ipvsadm -L and -S: the services with counters and rates (only {@code service} when given), and the
     * connection entries when {@code connections} is set.
     */
    record GetTable(Optional<ServiceKey> service, boolean connections) implements ControlRequest {
        public GetTable {
            Objects.requireNonNull(service, "service");
        }
    }

    /** ipvsadm -L --timeout. */
    record GetTimeouts() implements ControlRequest {
    }

    /** {@code fulcrum status}: the VRRP instances' states. */
    record GetVrrpStatus() implements ControlRequest {
    }

    /** {@code fulcrum status}: the packet engine's interfaces and counters. */
    record GetDataplaneStatus() implements ControlRequest {
    }

    /** {@code fulcrum dump}: write one of keepalived's dumps (to its file, as the signal does) and return it. */
    record Dump(DumpKind kind) implements ControlRequest {
        public Dump {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** {@code fulcrum reload}: read the configuration file again and apply the difference (SIGHUP's work). */
    record Reload() implements ControlRequest {
    }
}
