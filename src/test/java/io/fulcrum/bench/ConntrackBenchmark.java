package io.fulcrum.bench;

import io.fulcrum.ipvs.Protocol;
import io.fulcrum.ipvs.conn.Connection;
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

/**
 * Connection table lookups per second on one thread at 1,000,000 live entries (target above 5 million): the
 * packet engine's allocation-free inbound lookup (client packet) and outbound lookup (NAT reply), IPv4, keys in a
 * random order so that nearly every lookup misses the CPU caches, as a busy director's would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class ConntrackBenchmark {

    @Param({"1000000"})
    public int entries;

    private ConntrackLoad load;
    private int[] inAddress;
    private int[] inPort;
    private int[] outAddress;
    private int[] outPort;
    private int next;

    @Setup
    public void setup() {
        load = new ConntrackLoad(entries, false);
        load.fill(entries, 0L);
        int[] order = load.shuffledIndexes();
        inAddress = new int[entries];
        inPort = new int[entries];
        outAddress = new int[entries];
        outPort = new int[entries];
        for (int i = 0; i < entries; i++) {
            int k = order[i];
            inAddress[i] = load.clientAddress[k];
            inPort[i] = load.clientPort[k];
            outAddress[i] = load.destAddress[k];
            outPort[i] = load.destPort[k];
        }
        for (int i = 0; i < entries; i++) {
            if (lookupInbound() == null) {
                throw new IllegalStateException("entry " + i + " not found");
            }
        }
    }

    private int index() {
        int i = next;
        next = i + 1 == entries ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Connection lookupInbound() {
        int i = index();
        return load.table.findInbound(Protocol.TCP, inAddress[i], inPort[i], load.vipV4, ConntrackLoad.VPORT);
    }

    @Benchmark
    public Connection lookupOutbound() {
        int i = index();
        return load.table.findOutbound(Protocol.TCP, outAddress[i], outPort[i], inAddress[i], inPort[i]);
    }
}
