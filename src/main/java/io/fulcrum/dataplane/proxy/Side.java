package io.fulcrum.dataplane.proxy;

import io.fulcrum.ipvs.conn.ProxyEvent;

/** The two ends of a relayed connection, with the connection-table events each one's FIN and RST stand for. */
enum Side {
    CLIENT(ProxyEvent.CLIENT_FIN, ProxyEvent.CLIENT_RST),
    SERVER(ProxyEvent.SERVER_FIN, ProxyEvent.SERVER_RST);

    private final ProxyEvent fin;
    private final ProxyEvent rst;

    Side(ProxyEvent fin, ProxyEvent rst) {
        this.fin = fin;
        this.rst = rst;
    }

    ProxyEvent fin() {
        return fin;
    }

    ProxyEvent rst() {
        return rst;
    }

    Side other() {
        return this == CLIENT ? SERVER : CLIENT;
    }
}
