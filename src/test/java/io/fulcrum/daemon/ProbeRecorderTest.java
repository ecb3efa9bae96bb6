package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.check.Checker;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.ProbeResult;
import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Family;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.ServiceKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The probes' record for the status page, on a manual clock; and the names the page gives services. */
class ProbeRecorderTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final ProbeRecorder recorder = new ProbeRecorder(clock::get);
    private final CheckerId id = new CheckerId(0, 1, 0);

    /** Answers the queued results, each taking 2.5 ms of the manual clock. */
    private Checker checker(Deque<Object> results) {
        return new Checker() {
            @Override
            public String kind() {
                return "TCP_CHECK";
            }

            @Override
            public ProbeResult probe() throws InterruptedException {
                clock.addAndGet(2_500_000);
                Object next = results.removeFirst();
                if (next instanceof InterruptedException e) {
                    throw e;
                }
                return (ProbeResult) next;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(3);
            }

            @Override
            public String upLine() {
                return "up";
            }

            @Override
            public String downLine(long retries, ProbeResult.Failure last) {
                return "down";
            }
        };
    }

    @Test
    void recordsEachProbesResultDurationAndCounts() throws Exception {
        Deque<Object> results = new ArrayDeque<>();
        results.add(ProbeResult.Success.plain());
        results.add(new ProbeResult.Failure("TCP connection to [10.0.0.11]:tcp:80 timeout."));
        results.add(new InterruptedException());
        Checker c = recorder.wrap(id, checker(results));
        assertThat(recorder.last(id)).isEmpty();
        assertThat(c.kind()).isEqualTo("TCP_CHECK");
        assertThat(c.probe()).isInstanceOf(ProbeResult.Success.class);
        assertThat(recorder.last(id)).hasValue(new ProbeRecorder.Probe(true, "ok", 2_500_000, 2_501_000, 1, 0));
        c.probe();
        assertThat(recorder.last(id).orElseThrow().message()).isEqualTo("TCP connection to [10.0.0.11]:tcp:80 timeout.");
        assertThat(recorder.last(id).orElseThrow().failures()).isEqualTo(1);
        assertThatThrownBy(c::probe).isInstanceOf(InterruptedException.class);
        ProbeRecorder.Probe last = recorder.last(id).orElseThrow();
        assertThat(last.ok()).isFalse();
        assertThat(last.probes()).isEqualTo(3);
        assertThat(last.failures()).isEqualTo(2);
        assertThat(recorder.last(new CheckerId(0, 0, 0))).isEmpty();
    }

    @Test
    void namesServicesAsIpvsadmWithOneSpace() {
        assertThat(WebStatusMapping.name(new ServiceKey.Inet(Protocol.TCP, IpAddress.parse("10.0.0.100"), 80)))
                .isEqualTo("TCP 10.0.0.100:80");
        assertThat(WebStatusMapping.name(new ServiceKey.Inet(Protocol.UDP, IpAddress.parse("2001:db8::1"), 53)))
                .isEqualTo("UDP [2001:db8::1]:53");
        assertThat(WebStatusMapping.name(new ServiceKey.Fwmark(1, Family.INET))).isEqualTo("FWM 1");
        assertThat(WebStatusMapping.endpoint(IpAddress.parse("fe80::1"), 8080)).isEqualTo("[fe80::1]:8080");
    }
}
