package io.fulcrum.control;

import io.fulcrum.common.IpAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a daemon returns for an ipvsadm listing: the virtual service table, its destinations with counters,
 * and the connection entries. Records only; counters are unsigned 64-bit values carried in {@code long}s
 * (print them with {@link Long#toUnsignedString(long)}).
 */
public record IpvsSnapshot(int connTableSize, List<Service> services, List<Connection> connections) {

    /** 2^CONFIG_IP_VS_TAB_BITS with the default 12 bits, as in {@code IP Virtual Server version 1.2.1 (size=4096)}. */
    public static final int DEFAULT_CONN_TABLE_SIZE = 4096;

    public IpvsSnapshot {
        if (connTableSize <= 0) {
            throw new IllegalArgumentException("conn table size must be positive: " + connTableSize);
        }
        services = List.copyOf(services);
        connections = List.copyOf(connections);
    }

    public enum Protocol {
        TCP(6), UDP(17), SCTP(132);

        private final int number;

        Protocol(int number) {
            this.number = number;
        }

        /** The IP protocol number (ipvsadm sorts services by it). */
        public int number() {
            return number;
        }
    }

    public enum Family { INET, INET6 }

    /** How a virtual service is addressed: protocol+address+port, or a firewall mark. */
    public sealed interface ServiceKey permits AddressKey, FwmarkKey {
        Family family();
    }

    public record AddressKey(Protocol protocol, IpAddress address, int port) implements ServiceKey {
        public AddressKey {
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(address);
            checkPort(port);
        }

        @Override
        public Family family() {
            return address.isV4() ? Family.INET : Family.INET6;
        }
    }

    /** A fwmark service; {@code mark} is an unsigned 32-bit value, 1..4294967295. */
    public record FwmarkKey(long mark, Family family) implements ServiceKey {
        public FwmarkKey {
            if (mark < 1 || mark > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("fwmark out of range: " + mark);
            }
            Objects.requireNonNull(family);
        }
    }

    /** Five counters; for stats (conns, inpkts, outpkts, inbytes, outbytes) or rates (cps, inpps, ...). */
    public record Counters(long conns, long inPackets, long outPackets, long inBytes, long outBytes) {
        public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);
    }

    /**
     * Scheduler flags as ipvsadm's {@code -b}: bit 0 = flag-1 (sh-fallback, mh-fallback), bit 1 = flag-2
     * (sh-port, mh-port), bit 2 = flag-3.
     */
    public record SchedFlags(int bits) {
        public static final SchedFlags NONE = new SchedFlags(0);

        public SchedFlags {
            if (bits < 0 || bits > 7) {
                throw new IllegalArgumentException("scheduler flags are 3 bits: " + bits);
            }
        }

        public boolean has(int flagNumber) {
            return (bits & (1 << (flagNumber - 1))) != 0;
        }
    }

    /**
     * Persistence: {@code timeout} seconds (0 = not persistent); {@code netmask} is, for an IPv4 service, the
     * 32-bit mask as an unsigned int value (0xFFFFFFFF = /32, the default), and for IPv6 a prefix length 1..128.
     */
    public record Persistence(long timeout, long netmask, String peName) {
        public Persistence {
            if (timeout < 0 || timeout > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("persistence timeout out of range: " + timeout);
            }
            if (netmask < 0 || netmask > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("netmask out of range: " + netmask);
            }
            Objects.requireNonNull(peName);
        }

        public static Persistence none(Family family) {
            return new Persistence(0, family == Family.INET ? 0xFFFF_FFFFL : 128, "");
        }

        public boolean persistent() {
            return timeout != 0;
        }
    }

    public record Service(ServiceKey key, String scheduler, SchedFlags schedFlags, Persistence persistence,
                          boolean onePacket, Counters stats, Counters rates, List<Destination> destinations) {
        public Service {
            Objects.requireNonNull(key);
            Objects.requireNonNull(scheduler);
            Objects.requireNonNull(schedFlags);
            Objects.requireNonNull(persistence);
            Objects.requireNonNull(stats);
            Objects.requireNonNull(rates);
            destinations = List.copyOf(destinations);
        }
    }

    /**
     * Forwarding methods as listed. {@code FULLNAT} is a Fulcrum extension (the proxy data plane): it lists as
     * {@code FNAT} and saves as {@code --fullnat}, which the Fulcrum ipvsadm parser accepts and ipvsadm does not.
     */
    public enum Forwarding {
        MASQ("Masq"), LOCAL("Local"), ROUTE("Route"), TUNNEL("Tunnel"), FULLNAT("FNAT");

        private final String listed;

        Forwarding(String listed) {
            this.listed = listed;
        }

        public String listed() {
            return listed;
        }
    }

    public enum TunnelType { IPIP, GUE, GRE }

    public enum TunnelChecksum { NOCSUM, CSUM, REMCSUM }

    /** Tunnel encapsulation of a {@code TUNNEL} destination; {@code port} is used by GUE only (else 0). */
    public record Tunnel(TunnelType type, int port, TunnelChecksum checksum) {
        public static final Tunnel IPIP = new Tunnel(TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);

        public Tunnel {
            Objects.requireNonNull(type);
            Objects.requireNonNull(checksum);
            checkPort(port);
        }
    }

    public record Destination(IpAddress address, int port, Forwarding forwarding, int weight, long upperThreshold,
                              long lowerThreshold, long activeConns, long inactiveConns, long persistentConns,
                              Counters stats, Counters rates, Optional<Tunnel> tunnel) {
        public Destination {
            Objects.requireNonNull(address);
            checkPort(port);
            Objects.requireNonNull(forwarding);
            if (weight < 0) {
                throw new IllegalArgumentException("negative weight: " + weight);
            }
            Objects.requireNonNull(stats);
            Objects.requireNonNull(rates);
            Objects.requireNonNull(tunnel);
        }
    }

    public record Endpoint(IpAddress address, int port) {
        public Endpoint {
            Objects.requireNonNull(address);
            checkPort(port);
        }
    }

    /**
     * One connection entry as {@code /proc/net/ip_vs_conn} shows it. {@code protocol} is the kernel's name
     * ({@code TCP}, {@code UDP}, {@code SCTP}, or {@code IP} for fwmark templates); {@code peName}/{@code peData}
     * are empty unless a persistence engine attached data.
     */
    public record Connection(String protocol, long expireSeconds, String state, Endpoint client, Endpoint virtual,
                             Endpoint destination, String peName, String peData, boolean template) {
        public Connection {
            Objects.requireNonNull(protocol);
            Objects.requireNonNull(state);
            Objects.requireNonNull(client);
            Objects.requireNonNull(virtual);
            Objects.requireNonNull(destination);
            Objects.requireNonNull(peName);
            Objects.requireNonNull(peData);
            if (expireSeconds < 0) {
                throw new IllegalArgumentException("negative expire: " + expireSeconds);
            }
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
