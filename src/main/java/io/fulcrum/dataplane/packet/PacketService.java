package io.fulcrum.dataplane.packet;

import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.VirtualService;
import java.util.Objects;

/**
 * A virtual service the packet engine forwards: its key (protocol, VIP, port) and the table's service, whose
 * scheduling view and destinations (each with its forwarding method: Route = DR, Masq = NAT, Tunnel = TUN) the
 * engine reads for every new connection.
 */
public record PacketService(ServiceKey.Inet key, VirtualService service) {

    public PacketService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(service, "service");
    }
}
