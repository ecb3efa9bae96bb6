package io.fulcrum.config.model;

/**
 * One health checker of a real server (keepalived's {@code checker_t}); every kind is its own record. BFD_CHECK
 * is recognised by the grammar but not supported, so it has none.
 */
public sealed interface CheckerSpec permits TcpCheck, HttpGet, SslGet, SmtpCheck, DnsCheck, UdpCheck, PingCheck,
        MiscCheck, FileCheck {

    /** The block keyword: TCP_CHECK, HTTP_GET, ... */
    String keyword();
}
