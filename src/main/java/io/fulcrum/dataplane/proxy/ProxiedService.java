package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.VirtualService;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One virtual service the proxy serves: it listens on the key's address and port (TCP or UDP) and schedules each
 * new connection or flow on the service's current {@link VirtualService#view()}.
 *
 * @param key           TCP or UDP, address and a non-zero port
 * @param service       the live table entry (its view changes as the table does)
 * @param sorryServer   where new connections go when no destination is available; none = refuse at once
 * @param proxyProtocol a PROXY protocol header to send to the real server first
 */
public record ProxiedService(ServiceKey.Inet key, VirtualService service, Optional<InetSocketAddress> sorryServer,
                             Optional<ProxyProtocol> proxyProtocol) {

    public ProxiedService {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(sorryServer, "sorryServer");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (key.port() == 0) {
            throw new IllegalArgumentException("the proxy needs a port: " + key);
        }
    }
}
