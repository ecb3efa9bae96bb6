package io.fulcrum.dataplane.proxy;

/**
 * One bound listener of the proxy for one {@link ProxiedService}: TCP ({@code TcpProxyListener}) or UDP
 * ({@code UdpProxyListener}). Created, updated and closed by {@link ProxyDataPlane} on one thread.
 */
interface ProxyListener extends AutoCloseable {

    /** Binds VIP:port; a failure is an exception whose message names the address and the cause. */
    void bind() throws ProxyBindException;

    /** New sorry server or PROXY settings, or a new table entry for the same key. */
    void update(ProxiedService service);

    /** Stops listening; established connections and flows continue until they end or expire. */
    @Override
    void close();
}
