package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.fulcrum.ipvs.ServiceKey;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Splice against user-space relaying, measured on loopback: {@code mvn -o test -Dtest=SpliceMeasurement
 * -Dfulcrum.measure.splice=true}. Each round moves 1 GiB each way at once through one proxied connection and prints
 * wall time and the process's CPU time (client, real server and proxy share the process and the two cores, so
 * compare the two modes with each other only) and whether the bytes arrived exactly (required of the user-space
 * relay; with Netty 4.2.18 spliced connections lose the tail at the half-close).
 */
@EnabledIfSystemProperty(named = "fulcrum.measure.splice", matches = "true")
class SpliceMeasurement {

    private static final long SIZE = 1L << 30;
    private static final int ROUNDS = 3;

    @Test
    void measure() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            for (boolean splice : Boolean.getBoolean("fulcrum.measure.spliceOnly") ? new boolean[] {true} : new boolean[] {false, true}) {
                run(splice);
            }
        }
    }

    private static void run(boolean splice) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong serverSum = new AtomicLong(-1);
        AtomicLong clientSum = new AtomicLong(-1);
        try (ProxyHarness h = new ProxyHarness(ProxyHarness.options(Duration.ofSeconds(3), 3, splice),
                ConnectionOptions.DEFAULT, true);
             Backend b = new Backend("B", s -> Streams.both(s, SIZE, 2, serverSum))) {
            ServiceKey.Inet key = h.service("rr");
            h.add(key, b, 1);
            h.serve(h.proxied(key));
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            String failure = "none";
            try (Socket c = h.connect(key)) {
                c.setSoTimeout(20_000);
                Streams.both(c, SIZE, 1, clientSum);
            } catch (java.io.IOException e) {
                failure = e.toString();
            }
            long wall = System.nanoTime() - start;
            ProxyHarness.eventually(Duration.ofSeconds(10), () -> serverSum.get() != -1);
            long used = os.getProcessCpuTime() - cpu;
            boolean exact = clientSum.get() == Streams.expected(SIZE, 2) && serverSum.get() == Streams.expected(SIZE, 1);
            System.out.printf("splice=%-5s 1 GiB each way: wall %5d ms, process CPU %5d ms, byte-exact %s, "
                    + "failure %s, counted in %d out %d bytes%n", splice, wall / 1_000_000, used / 1_000_000, exact,
                    failure,
                    h.table.service(key).orElseThrow().stats().snapshot().inBytes(),
                    h.table.service(key).orElseThrow().stats().snapshot().outBytes());
            if (!splice) {
                assertThat(exact).isTrue(); // splice loses data at the half-close: reported, not asserted
            }
        }
    }
}
