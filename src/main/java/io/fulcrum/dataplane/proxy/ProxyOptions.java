package io.fulcrum.dataplane.proxy;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the proxy data plane.
 *
 * @param connectTimeout  how long a connect to a real server may take before the next one is tried
 * @param connectAttempts how many real servers one client connection may try (refused or timed out), at least 1
 * @param ioThreads       event loop threads; 0 = one per available processor
 * @param splice          relay TCP with the kernel's splice (native epoll only) instead of through user space; off
 *                        by default and, with Netty 4.2.18, not honoured: measured, it lost the bytes still queued
 *                        at a half-close and saved little CPU (see {@code Splice})
 * @param io              the I/O mechanism under the event loops (see {@link Io})
 */
public record ProxyOptions(Duration connectTimeout, int connectAttempts, int ioThreads, boolean splice, Io io) {

    public static final ProxyOptions DEFAULT = new ProxyOptions(Duration.ofSeconds(3), 3, 0, false, Io.AUTO);

    /**
     * Which of Netty's transports the proxy runs on. {@link #AUTO} and {@link #EPOLL} take native epoll, else Java
     * NIO. {@link #IO_URING} asks for Netty's io_uring transport (it served about 1.2 times the requests per second of
     * epoll in bin/bench proxy), falling back to epoll when the kernel does not allow it. It is not the default: on
     * it, a half-closed relay rarely stops writing towards the side whose FIN was read first (TcpRelayTest's 1 GiB
     * relay: once in about ten full test runs, twice in about 220 runs alone; bytes left pending in that channel, its
     * FIN never sent). A fallback is said in the log.
     */
    public enum Io { AUTO, IO_URING, EPOLL, NIO }

    public ProxyOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        if (connectAttempts < 1) {
            throw new IllegalArgumentException("connect attempts must be at least 1: " + connectAttempts);
        }
        Objects.requireNonNull(io, "io");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io threads must not be negative: " + ioThreads);
        }
    }
}
