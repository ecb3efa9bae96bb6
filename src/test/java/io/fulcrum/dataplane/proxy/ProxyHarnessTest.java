package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.dataplane.proxy.ProxyTransport.Availability;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The proxy tests run on the transport the build asks for ({@code -Dfulcrum.test.proxy.io}), whichever way a test
 * builds its harness: once they all ran on the default whatever the second surefire execution asked for.
 */
class ProxyHarnessTest {

    private static ProxyTransport.Kind underTest() {
        return ProxyTransport.choose(ProxyHarness.io(), Availability::ioUring, Availability::epoll, line -> { });
    }

    @Test
    void theDefaultHarnessRunsOnTheTransportUnderTest() throws Exception {
        try (ProxyHarness h = new ProxyHarness()) {
            assertThat(h.proxy.transport()).as("asked for %s", ProxyHarness.io()).isEqualTo(underTest());
        }
    }

    @Test
    void aHarnessWithItsOwnOptionsRunsOnTheTransportUnderTest() throws Exception {
        try (ProxyHarness h = new ProxyHarness(ProxyHarness.options(Duration.ofSeconds(1), 1, false),
                ConnectionOptions.DEFAULT)) {
            assertThat(h.proxy.transport()).as("asked for %s", ProxyHarness.io()).isEqualTo(underTest());
        }
    }
}
