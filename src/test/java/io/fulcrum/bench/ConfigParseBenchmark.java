package io.fulcrum.bench;

import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import java.nio.file.Path;
import java.util.Map;
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

/** Warm parse time of a generated configuration (bin/bench config): whole reader, text to model. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfigParseBenchmark {

    @Param({"1000"})
    public int virtualServers;

    @Param({"10"})
    public int realServers;

    private String text;
    private ConfigLoader loader;

    @Setup
    public void setup() {
        text = ConfigGenerator.generate(virtualServers, realServers);
        loader = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("bench", Map.of()));
        LoadResult r = loader.loadText("bench.conf", Path.of("/"), text);
        if (r.hasErrors()) {
            throw new IllegalStateException("generated config has errors: " + r.problems().subList(0,
                    Math.min(5, r.problems().size())));
        }
    }

    @Benchmark
    public LoadResult parse() {
        return loader.loadText("bench.conf", Path.of("/"), text);
    }
}
