package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code virtual_server} block, checked and with keepalived's defaults applied.
 *
 * @param address      IP and port, fwmark, or group
 * @param protocol     TCP, UDP or SCTP; empty for a fwmark service (keepalived ignores the protocol there)
 * @param family       the service's address family: the address's for an IP service; for fwmark services
 *                     ip_family, else that of the real/sorry servers (inet when they are mixed); for groups
 *                     ip_family or the family of untunnelled real servers, when known
 * @param scheduler    lvs_sched [wlc]
 * @param flags        scheduler flags (flag-1..3; sh-/mh- names)
 * @param ops          one-packet scheduling (UDP and fwmark services only)
 * @param hashed       accepted for compatibility; no effect
 * @param forwarding   default lvs_method of the real servers [NAT]
 * @param persistence  present when persistent
 * @param haSuspend    suspend checkers while the virtual address is not on this host (not with fwmarks)
 * @param omega        run quorum_down and real server notify_down scripts at shutdown
 * @param quorum       quorum, hysteresis and their scripts
 * @param sorryServer  used when quorum is lost
 * @param virtualhost  default Host: of HTTP_GET/SSL_GET checkers
 * @param smtpAlert    mail on quorum changes [global smtp_alert_checker, else smtp_alert, else no]
 * @param snmpName     name in SNMP data
 * @param proxyProtocol PROXY protocol header toward the real servers (Fulcrum's proxy data plane only)
 * @param weight       default weight of its real servers, 1..2147483647 [1]
 * @param checks       checker settings its real servers inherit
 * @param realServers  at least one
 */
public record VirtualServer(VirtualServerAddress address, Optional<Protocol> protocol, Optional<IpFamily> family,
        Scheduler scheduler, SchedulerFlags flags, boolean ops, boolean hashed, Forwarding forwarding,
        Optional<Persistence> persistence, boolean haSuspend, boolean omega, QuorumSpec quorum,
        Optional<SorryServer> sorryServer, Optional<String> virtualhost, Optional<Boolean> smtpAlert,
        Optional<String> snmpName, Optional<ProxyProtocolVersion> proxyProtocol, int weight, CheckDefaults checks,
        List<RealServer> realServers) {

    public VirtualServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(persistence, "persistence");
        Objects.requireNonNull(quorum, "quorum");
        Objects.requireNonNull(sorryServer, "sorryServer");
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(smtpAlert, "smtpAlert");
        Objects.requireNonNull(snmpName, "snmpName");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        Objects.requireNonNull(checks, "checks");
        realServers = List.copyOf(realServers);
        if (weight < 1) {
            throw new IllegalArgumentException("weight " + weight + " out of range 1.." + Defaults.WEIGHT_LIMIT);
        }
        switch (address) {
            case VirtualServerAddress.IpPort ip -> {
                if (protocol.isEmpty()) {
                    throw new IllegalArgumentException("an address service needs a protocol");
                }
                if (family.isPresent() && family.get() != IpFamily.of(ip.address())) {
                    throw new IllegalArgumentException("family " + family.get() + " does not match " + ip.address());
                }
                if (ip.port() == 0 && persistence.isEmpty()) {
                    throw new IllegalArgumentException("zero port only valid for persistent services");
                }
            }
            case VirtualServerAddress.Fwmark f -> {
                if (protocol.isPresent()) {
                    throw new IllegalArgumentException("a fwmark service has no protocol");
                }
                if (haSuspend) {
                    throw new IllegalArgumentException("cannot use ha_suspend with fwmarks");
                }
            }
            case VirtualServerAddress.Group g -> {
                // the group's entries decide; checked against the group by the grammar
            }
        }
        if (ops && protocol.isPresent() && protocol.get() != Protocol.UDP) {
            throw new IllegalArgumentException("one packet scheduling requires UDP");
        }
        if (realServers.isEmpty()) {
            throw new IllegalArgumentException("a virtual server needs at least one real server");
        }
    }
}
