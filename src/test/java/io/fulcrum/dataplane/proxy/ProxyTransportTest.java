package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.dataplane.proxy.ProxyTransport.Availability;
import io.fulcrum.dataplane.proxy.ProxyTransport.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which transport each {@code --proxy-io} choice gets, with what the kernel allows, and what the log says. */
class ProxyTransportTest {

    private static final Availability YES = new Availability(true, "null");
    private final List<String> log = new ArrayList<>();
    private final List<String> looked = new ArrayList<>();

    private Supplier<Availability> probe(String name, Availability a) {
        return () -> {
            looked.add(name);
            return a;
        };
    }

    private static Availability no(String reason) {
        return new Availability(false, reason);
    }

    private Kind choose(ProxyOptions.Io wanted, Availability ioUring, Availability epoll) {
        return ProxyTransport.choose(wanted, probe("io_uring", ioUring), probe("epoll", epoll), log::add);
    }

    @Test
    void autoTakesIoUringWithoutLoadingEpoll() {
        assertThat(choose(ProxyOptions.Io.AUTO, YES, YES)).isEqualTo(Kind.IO_URING);
        assertThat(looked).containsExactly("io_uring");
        assertThat(log).isEmpty();
    }

    @Test
    void autoFallsBackToEpollThenNioAndSaysWhy() {
        assertThat(choose(ProxyOptions.Io.AUTO, no("io_uring_disabled is 2"), YES)).isEqualTo(Kind.EPOLL);
        assertThat(choose(ProxyOptions.Io.AUTO, no("seccomp"), no("no epoll here"))).isEqualTo(Kind.NIO);
        assertThat(log).containsExactly("Proxy: io_uring unavailable (io_uring_disabled is 2); trying native epoll",
                "Proxy: io_uring unavailable (seccomp); trying native epoll",
                "Proxy: native epoll unavailable (no epoll here); using Java NIO, without IP_FREEBIND");
    }

    @Test
    void ioUringAskedForFallsBackToEpollThenNio() {
        assertThat(choose(ProxyOptions.Io.IO_URING, YES, YES)).isEqualTo(Kind.IO_URING);
        assertThat(looked).containsExactly("io_uring");
        assertThat(choose(ProxyOptions.Io.IO_URING, no("io_uring_disabled is 2"), YES)).isEqualTo(Kind.EPOLL);
        assertThat(choose(ProxyOptions.Io.IO_URING, no("seccomp"), no("no epoll here"))).isEqualTo(Kind.NIO);
        assertThat(log).containsExactly("Proxy: io_uring unavailable (io_uring_disabled is 2); trying native epoll",
                "Proxy: io_uring unavailable (seccomp); trying native epoll",
                "Proxy: native epoll unavailable (no epoll here); using Java NIO, without IP_FREEBIND");
    }

    @Test
    void epollAskedForNeverLoadsIoUring() {
        assertThat(choose(ProxyOptions.Io.EPOLL, YES, YES)).isEqualTo(Kind.EPOLL);
        assertThat(looked).containsExactly("epoll");
    }

    @Test
    void nioAskedForLooksAtNothing() {
        assertThat(choose(ProxyOptions.Io.NIO, YES, YES)).isEqualTo(Kind.NIO);
        assertThat(looked).isEmpty();
        assertThat(log).containsExactly("Proxy: using Java NIO as configured, without IP_FREEBIND");
    }

    @Test
    void ioUringAskedForSwitchesNettysMultishotPollOff() {
        List<String> said = new ArrayList<>();
        ProxyOptions d = ProxyOptions.DEFAULT;
        ProxyOptions uring = new ProxyOptions(d.connectTimeout(), d.connectAttempts(), 1, false,
                ProxyOptions.Io.IO_URING);
        try (ProxyTransport t = new ProxyTransport(uring, said::add)) {
            assertThat(System.getProperty(ProxyTransport.MULTISHOT_POLL)).isEqualTo("false");
            Availability here = Availability.ioUring();
            assertThat(t.kind()).as("io_uring here: %s", here).isEqualTo(here.available() ? Kind.IO_URING : Kind.EPOLL);
        }
    }
}
