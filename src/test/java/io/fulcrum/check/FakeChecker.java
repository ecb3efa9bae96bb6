package io.fulcrum.check;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A checker for tests: answers from a script of results (then repeats the last one), or runs a behaviour given by
 * the test (to hang, sleep or throw), and words its lines as TCP_CHECK does.
 */
final class FakeChecker implements Checker {

    /** What one probe does, in the probing thread. */
    interface Behaviour {
        ProbeResult probe() throws InterruptedException;
    }

    private final String kind;
    private final String service;
    private final Duration timeout;
    private final Behaviour behaviour;
    final AtomicInteger probes = new AtomicInteger();

    private FakeChecker(String kind, String service, Duration timeout, Behaviour behaviour) {
        this.kind = kind;
        this.service = service;
        this.timeout = timeout;
        this.behaviour = behaviour;
    }

    static FakeChecker tcp(String service) {
        return scripted("TCP_CHECK", service);
    }

    /** Answers {@code results} in order, then the last one forever (success when none). */
    static FakeChecker scripted(String kind, String service, ProbeResult... results) {
        Deque<ProbeResult> queue = new ArrayDeque<>(List.of(results));
        ProbeResult[] last = {ProbeResult.Success.plain()};
        return new FakeChecker(kind, service, Duration.ofSeconds(5), () -> {
            synchronized (queue) {
                if (!queue.isEmpty()) {
                    last[0] = queue.poll();
                }
                return last[0];
            }
        });
    }

    static FakeChecker behaving(String service, Duration timeout, Behaviour behaviour) {
        return new FakeChecker("TCP_CHECK", service, timeout, behaviour);
    }

    static ProbeResult ok() {
        return ProbeResult.Success.plain();
    }

    static ProbeResult fail(String line) {
        return new ProbeResult.Failure(line);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        probes.incrementAndGet();
        return behaviour.probe();
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String upLine() {
        return "TCP connection to " + service + " success.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return kind + " on service " + service + " failed" + (retries == 0 ? "." : " after " + retries + " retries.");
    }
}
