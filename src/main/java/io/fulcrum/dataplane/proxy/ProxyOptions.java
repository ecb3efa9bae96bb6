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
     * Which of Netty's transports the proxy runs on. {@link #AUTO} and {@link #IO_URING} take Netty's io_uring
     * transport (it served about 1.2 times the requests per second of epoll in bin/bench proxy), else native epoll
     * (io_uring disabled by the kernel or a seccomp profile), else Java NIO; {@link #EPOLL} takes native epoll, else
     * NIO. A fallback is said in the log, with the reason.
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
