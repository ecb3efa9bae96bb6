package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ControlLoopTest {

    private final FakeConnections conns = new FakeConnections();
    private final List<String> log = new CopyOnWriteArrayList<>();

    private ControlLoop loop(ConnectionPort c, long periodNanos) {
        LiveTable live = new LiveTable(new ServiceTable(new SchedulerFactory(System::nanoTime,
                () -> new SplittableRandom(1))), c, "t", 1);
        ControlLoop l = new ControlLoop(live, System::nanoTime, periodNanos, log::add);
        l.start();
        return l;
    }

    @Test
    void requestsFromManyThreadsAreAppliedOneAtATime() throws Exception {
        try (ControlLoop l = loop(conns, 50_000_000L);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ControlResponse>> answers = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                var key = new io.fulcrum.control.IpvsSnapshot.FwmarkKey(i, io.fulcrum.control.IpvsSnapshot.Family.INET);
                answers.add(pool.submit(() -> l.call(new ControlRequest.AddService(LiveTableTest.service(key, "rr")))));
                answers.add(pool.submit(() -> l.call(new ControlRequest.AddService(LiveTableTest.service(key, "rr")))));
            }
            long ok = 0;
            for (Future<ControlResponse> f : answers) {
                ok += f.get() instanceof ControlResponse.Ok ? 1 : 0;
            }
            assertThat(ok).as("each service added exactly once").isEqualTo(100);
            ControlResponse t = l.call(new ControlRequest.GetTable(Optional.empty(), false));
            assertThat(((ControlResponse.Table) ((ControlResponse.Ok) t).payload()).snapshot().services()).hasSize(100);
        }
    }

    @Test
    void thePeriodicWorkRunsOnTheLoop() throws Exception {
        try (ControlLoop _ = loop(conns, 10_000_000L)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (conns.expiredAt.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(conns.expiredAt.size()).isGreaterThanOrEqualTo(5);
            assertThat(conns.expiredAt).isSorted();
        }
    }

    @Test
    void aFailingTickIsLoggedOnceAndRequestsAreStillAnswered() throws Exception {
        FakeConnections broken = new FakeConnections() {
            @Override
            public void expire(long nowNanos) {
                throw new IllegalStateException("disk on fire");
            }
        };
        try (ControlLoop l = loop(broken, 5_000_000L)) {
            Thread.sleep(100);
            assertThat(l.call(new ControlRequest.GetTimeouts())).isInstanceOf(ControlResponse.Ok.class);
        }
        assertThat(log).filteredOn(s -> s.contains("disk on fire")).hasSize(1);
    }

    @Test
    void aFailingRequestIsAnsweredWithEioAndTheLoopGoesOn() {
        FakeConnections broken = new FakeConnections() {
            @Override
            public io.fulcrum.ipvs.conn.Timeouts timeouts() {
                throw new IllegalStateException("no timeouts");
            }
        };
        try (ControlLoop l = loop(broken, 1_000_000_000L)) {
            assertThat(l.call(new ControlRequest.GetTimeouts())).isEqualTo(ControlResponse.error(Errno.EIO,
                    "internal error in the daemon applying GetTimeouts: no timeouts"));
            assertThat(l.call(new ControlRequest.Clear())).isEqualTo(ControlResponse.done());
        }
        assertThat(log).anyMatch(s -> s.contains("no timeouts"));
    }

    @Test
    void aClosedLoopAnswersThatTheDaemonIsStopping() {
        ControlLoop l = loop(conns, 1_000_000_000L);
        l.close();
        assertThat(l.call(new ControlRequest.Clear()))
                .isEqualTo(ControlResponse.error(Errno.EIO, "the daemon is stopping"));
    }
}
