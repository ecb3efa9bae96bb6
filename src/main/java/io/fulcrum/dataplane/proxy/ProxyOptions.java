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
 * @param preferNative    use native epoll when it is available (else Java NIO)
 */
public record ProxyOptions(Duration connectTimeout, int connectAttempts, int ioThreads, boolean splice,
                           boolean preferNative) {

    public static final ProxyOptions DEFAULT = new ProxyOptions(Duration.ofSeconds(3), 3, 0, false, true);

    public ProxyOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        if (connectAttempts < 1) {
            throw new IllegalArgumentException("connect attempts must be at least 1: " + connectAttempts);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("io threads must not be negative: " + ioThreads);
        }
    }
}
