package io.fulcrum.bench;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.ScheduleInput;
import io.fulcrum.ipvs.sched.Scheduler;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Picks per second of every scheduler at 10 and 1,000 destinations (mixed weights and counters). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulerBenchmark {

    @Param({"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"})
    public String scheduler;

    @Param({"10", "1000"})
    public int destinations;

    private List<Destination> dests;
    private Scheduler sched;
    private ScheduleInput[] inputs;
    private int next;

    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(7);
        dests = new ArrayList<>();
        for (int i = 0; i < destinations; i++) {
            Destination d = new Destination(IpAddress.parse("10." + (i >> 8) + "." + (i & 255) + ".1"), 80,
                    DestinationSettings.of(ForwardingMethod.ROUTE, 1 + rnd.nextInt(10)));
            for (int c = rnd.nextInt(20); c > 0; c--) {
                d.bindConnection(rnd.nextBoolean());
            }
            dests.add(d);
        }
        dests = List.copyOf(dests);
        sched = new SchedulerFactory(() -> 0L, () -> new SplittableRandom(11))
                .tryCreate(scheduler, SchedFlags.NONE, dests).orElseThrow();
        inputs = new ScheduleInput[1024];
        for (int i = 0; i < inputs.length; i++) {
            int a = rnd.nextInt();
            inputs[i] = new ScheduleInput(IpAddress.ofBytes(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16),
                    (byte) (a >>> 8), (byte) a}), 1024 + rnd.nextInt(60000),
                    IpAddress.parse("192.168." + (i & 15) + ".1"), 80, Protocol.TCP);
        }
    }

    @Benchmark
    public Optional<Destination> pick() {
        ScheduleInput in = inputs[next++ & 1023];
        return sched.pick(dests, in);
    }
}
