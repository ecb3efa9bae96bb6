package io.fulcrum.bench;

import io.fulcrum.common.IpAddress;
import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationSettings;
import io.fulcrum.ipvs.ForwardingMethod;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.sched.MaglevHashing;
import java.util.ArrayList;
import java.util.List;
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

/** Time to (re)build a Maglev lookup table: target under 50 ms for 1,000 destinations at M = 65537. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MaglevBuildBenchmark {

    @Param({"1000"})
    public int destinations;

    @Param({"65537", "4093"})
    public int tableSize;

    private List<Destination> dests;
    private MaglevHashing mh;

    @Setup
    public void setup() {
        dests = new ArrayList<>();
        for (int i = 0; i < destinations; i++) {
            dests.add(new Destination(IpAddress.parse("10." + (i >> 8) + "." + (i & 255) + ".1"), 80,
                    DestinationSettings.of(ForwardingMethod.ROUTE, 1 + i % 5)));
        }
        dests = List.copyOf(dests);
        mh = new MaglevHashing(tableSize, SchedFlags.NONE, dests);
    }

    @Benchmark
    public MaglevHashing rebuild() {
        mh.destinationsChanged(dests);
        return mh;
    }
}
