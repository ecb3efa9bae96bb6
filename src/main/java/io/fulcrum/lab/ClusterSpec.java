package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What two directors' configurations say about the cluster, in plain values: the command line reads the
 * keepalived.conf files and fills this in; {@link LabPlanner} turns it into namespaces, links and addresses.
 *
 * @param master     the director whose configuration was given with --master
 * @param backup     the one given with --backup
 * @param services   the virtual services (address and port) of both configurations, the master's first
 * @param configured every address either configuration names (VIPs, real and sorry servers, VRRP sources and peers):
 *                   the lab never gives one of these to a host it invents
 */
public record ClusterSpec(Director master, Director backup, List<Service> services, Set<IpAddress> configured) {

    public ClusterSpec {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(backup, "backup");
        services = List.copyOf(services);
        configured = Set.copyOf(configured);
    }

    /**
     * One director.
     *
     * @param role           master or backup (the lab's name for it, and its namespace's)
     * @param config         its configuration file, used as given
     * @param interfaces     the interfaces its VRRP instances name, in order of first use, with their VIPs
     * @param sourceAddress  the first instance's unicast_src_ip / mcast_src_ip, when set: the director's address
     * @param priority       the priority of its first instance (who wins the election)
     * @param advertInterval the longest advert_int of its instances
     * @param localServers   sorry servers on a loopback address: served on the director itself
     * @param scripts        every script program the configuration names (notify, vrrp_script, quorum ...)
     */
    public record Director(String role, Path config, List<Interface> interfaces, Optional<IpAddress> sourceAddress,
            int priority, Duration advertInterval, List<LabEndpoint> localServers, List<String> scripts) {

        public Director {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(config, "config");
            interfaces = List.copyOf(interfaces);
            Objects.requireNonNull(sourceAddress, "sourceAddress");
            Objects.requireNonNull(advertInterval, "advertInterval");
            localServers = List.copyOf(localServers);
            scripts = List.copyOf(scripts);
            if (interfaces.isEmpty()) {
                throw new IllegalArgumentException(role + ": no vrrp_instance names an interface");
            }
        }
    }

    /** An interface a VRRP instance names, and the virtual addresses put on it. */
    public record Interface(String name, List<IpAddress> vips) {
        public Interface {
            Objects.requireNonNull(name, "name");
            vips = List.copyOf(vips);
        }
    }

    /**
     * A virtual service (virtual_server IP PORT).
     *
     * @param vip                its address
     * @param port               its port
     * @param protocol           tcp, udp or sctp
     * @param scheduler          lvs_sched (rr, wrr, lc, ...)
     * @param persistenceTimeout persistence_timeout in seconds; 0 when not persistent
     * @param forwarding         the lvs_method of most of its real servers
     * @param realServers        its real servers
     * @param sorryServer        its sorry_server
     * @param failureWindow      how long its health checks may take to remove a failed real server (zero: never,
     *                           the real server has no checker)
     * @param recoveryWindow     how long they may take to put a repaired one back
     */
    public record Service(IpAddress vip, int port, String protocol, String scheduler, int persistenceTimeout,
            LabForwarding forwarding, List<RealServer> realServers, Optional<LabEndpoint> sorryServer,
            Duration failureWindow, Duration recoveryWindow) {

        public Service {
            Objects.requireNonNull(vip, "vip");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(forwarding, "forwarding");
            realServers = List.copyOf(realServers);
            Objects.requireNonNull(sorryServer, "sorryServer");
            Objects.requireNonNull(failureWindow, "failureWindow");
            Objects.requireNonNull(recoveryWindow, "recoveryWindow");
        }

        public LabEndpoint endpoint() {
            return new LabEndpoint(vip, port);
        }

        public boolean persistent() {
            return persistenceTimeout > 0;
        }
    }

    /** A real_server of a virtual service. */
    public record RealServer(IpAddress address, int port, int weight, LabForwarding forwarding) {
        public RealServer {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(forwarding, "forwarding");
        }
    }
}
