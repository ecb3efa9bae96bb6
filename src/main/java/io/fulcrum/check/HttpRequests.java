package io.fulcrum.check;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.HttpProtocol;
import io.fulcrum.config.model.HttpSpec;
import io.fulcrum.config.model.UrlSpec;
import java.util.Optional;

/**
 * The GET request keepalived's HTTP_GET/SSL_GET (and genhash) send, byte for byte:
 *
 * <pre>
 * GET /path HTTP/1.0\r\n
 * User-Agent: KeepAliveClient\r\n
 * Connection: close\r\n            (http_protocol 1.0C and 1.1 only)
 * Host: vhost\r\n                  (with a virtualhost: as written, no port added)
 * Host: 10.0.0.11:80\r\n           (without: the connect address and port, always with the port)
 * Host: [fd00::11]:80\r\n          (an IPv6 connect address in brackets)
 * \r\n
 * </pre>
 */
final class HttpRequests {

    private HttpRequests() {
    }

    static String get(String path, HttpProtocol protocol, Optional<String> virtualhost, IpAddress address,
            int port) {
        StringBuilder sb = new StringBuilder(128)
                .append("GET ").append(path).append(protocol == HttpProtocol.HTTP_1_1 ? " HTTP/1.1" : " HTTP/1.0")
                .append("\r\nUser-Agent: KeepAliveClient\r\n");
        if (protocol != HttpProtocol.HTTP_1_0) {
            sb.append("Connection: close\r\n");
        }
        sb.append("Host: ");
        if (virtualhost.isPresent()) {
            sb.append(virtualhost.get());
        } else if (address.isV6()) {
            sb.append('[').append(address).append("]:").append(port);
        } else {
            sb.append(address).append(':').append(port);
        }
        return sb.append("\r\n\r\n").toString();
    }

    /**
     * The virtualhost of a url, by keepalived's precedence: the url's, the checker's, the real server's, the
     * virtual server's; empty when none is set (the Host header then carries the connect address).
     */
    static Optional<String> virtualhost(UrlSpec url, HttpSpec http, CheckTarget target) {
        return url.virtualhost()
                .or(http::virtualhost)
                .or(() -> target.realServer().virtualhost())
                .or(() -> target.virtualServer().virtualhost());
    }
}
