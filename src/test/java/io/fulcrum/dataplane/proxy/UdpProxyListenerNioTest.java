package io.fulcrum.dataplane.proxy;

/** Every UDP proxy test again on the Java NIO transport (no IP_FREEBIND; port unreachable surfaces differently). */
class UdpProxyListenerNioTest extends UdpProxyListenerTest {

    @Override
    ProxyOptions.Io io() {
        return ProxyOptions.Io.NIO;
    }
}
