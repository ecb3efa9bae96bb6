package io.fulcrum.bench;

import io.fulcrum.check.CheckClock;
import io.fulcrum.check.CheckPorts;
import io.fulcrum.check.CheckRunner;
import io.fulcrum.check.CheckTarget;
import io.fulcrum.check.Checker;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.Checkers;
import io.fulcrum.check.HealthState;
import io.fulcrum.check.IcmpEcho;
import io.fulcrum.check.ProbeResult;
import io.fulcrum.check.ProgramRunner;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.KeepalivedConfig;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.random.RandomGenerator;

/**
 * What the checkers' threading costs, apart from the rest of the daemon, for {@code bin/bench checks} (its
 * {@code EXPERIMENT=1} part): the checkers of a configuration run in this process against the real servers of
 * {@link CheckTargets}, in one of two ways, and the process's CPU is measured over a window.
 * <ul>
 *   <li>{@code runner}: {@link CheckRunner} as {@code fulcrum run} uses it (one virtual thread per checker that
 *       sleeps until its probe time, starts each probe in a child virtual thread and waits for it with a timed
 *       {@code CompletableFuture.get}), with the daemon's clock (nanoTime, parkNanos);</li>
 *   <li>{@code inline}: the same schedule (next probe delay_loop after the previous one finished, first probe after
 *       bootstrap + random warmup), but each checker's virtual thread runs its probe itself: no child thread, no
 *       future, no second timed wait (the probe's own socket timeouts still bound it);</li>
 *   <li>{@code sequential}: no virtual threads at all: one platform thread probes every checker in turn, once a
 *       second (the same checker code, its sockets and the kernel's work, without the scheduling): about what the
 *       probes cost however they are scheduled.</li>
 * </ul>
 * {@code CheckLoopExperiment MODE CONFIG WARMUP_S WINDOW_S} prints the probes per second and the CPU in cores.
 */
public final class CheckLoopExperiment {

    private CheckLoopExperiment() {
    }

    /** The daemon's checker clock (io.fulcrum.daemon.SystemCheckClock, which is not public). */
    private static final class Clock implements CheckClock {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void sleepUntil(long deadlineNanos) throws InterruptedException {
            for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !List.of("runner", "inline", "sequential").contains(args[0])) {
            System.err.println("usage: CheckLoopExperiment runner|inline|sequential CONFIG WARMUP_S WINDOW_S");
            System.exit(2);
        }
        String mode = args[0];
        LoadResult r = new ConfigLoader(FileAccess.real(), PreprocessOptions.of("bench", Map.of()))
                .load(Path.of(args[1]));
        KeepalivedConfig config = r.config().orElseThrow();
        HealthState state = new HealthState(config.virtualServers(), config.globalDefs(), "bench");
        ProgramRunner noPrograms = (script, timeout) -> new ProgramRunner.Outcome.NotStarted("no programs here");
        IcmpEcho noIcmp = (to, from, dev, timeout) -> new IcmpEcho.Outcome.Unavailable("no ICMP here");
        CheckPorts ports = new CheckPorts(noPrograms, noIcmp);
        List<CheckRunner.Job> jobs = new ArrayList<>();
        for (CheckerId id : state.checkers()) {
            CheckTarget target = state.target(id);
            Checker c = Checkers.create(state.spec(id), target, config, ports, System.err::println);
            jobs.add(new CheckRunner.Job(id, c, state.timing(id), target.rsName()));
        }
        LongAdder probes = new LongAdder();
        LongAdder failures = new LongAdder();
        Clock clock = new Clock();
        AutoCloseable running;
        if (mode.equals("runner")) {
            // the runner reports only state changes; count probes by wrapping each checker
            List<CheckRunner.Job> counted = jobs.stream().map(j -> new CheckRunner.Job(j.id(),
                    counting(j.checker(), probes, failures), j.timing(), j.service())).toList();
            CheckRunner runner = new CheckRunner(counted, clock, RandomGenerator.getDefault(),
                    CheckRunner.DEFAULT_GRACE, report -> { });
            runner.start();
            running = runner;
        } else if (mode.equals("sequential")) {
            Thread t = Thread.ofPlatform().name("sequential").start(() -> {
                try {
                    for (long next = clock.nanos(); ; next += 1_000_000_000L) {
                        clock.sleepUntil(next);
                        for (CheckRunner.Job j : jobs) {
                            ProbeResult result = j.checker().probe();
                            probes.increment();
                            if (result instanceof ProbeResult.Failure) {
                                failures.increment();
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    // stopping
                }
            });
            running = t::interrupt;
        } else {
            List<Thread> threads = new ArrayList<>();
            RandomGenerator random = RandomGenerator.getDefault();
            long now = clock.nanos();
            for (CheckRunner.Job j : jobs) {
                long warmup = j.timing().warmup().toNanos();
                long first = now + j.timing().bootstrap().toNanos() + (warmup > 0 ? random.nextLong(warmup + 1) : 0);
                long delay = j.timing().delayLoop().toNanos();
                Checker c = j.checker();
                threads.add(Thread.ofVirtual().name(j.id().toString()).start(() -> {
                    try {
                        for (long next = first; ; ) {
                            clock.sleepUntil(next);
                            ProbeResult result = c.probe();
                            probes.increment();
                            if (result instanceof ProbeResult.Failure) {
                                failures.increment();
                            }
                            next = clock.nanos() + delay;
                        }
                    } catch (InterruptedException e) {
                        // stopping
                    }
                }));
            }
            running = () -> threads.forEach(Thread::interrupt);
        }
        var os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        Thread.sleep(Long.parseLong(args[2]) * 1000);
        long p0 = probes.sum();
        long f0 = failures.sum();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Thread.sleep(Long.parseLong(args[3]) * 1000);
        long cpu1 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        long p1 = probes.sum();
        long f1 = failures.sum();
        running.close();
        double wall = (t1 - t0) / 1e9;
        double cores = (cpu1 - cpu0) / 1e9 / wall;
        System.out.printf(Locale.ROOT, "%s: %d checkers, %.0f probes/s, %d failed, CPU %.3f cores, %.1f us per probe%n",
                mode, jobs.size(), (p1 - p0) / wall, f1 - f0, cores, cores * 1e6 / ((p1 - p0) / wall));
        System.exit(0);
    }

    private static Checker counting(Checker c, LongAdder probes, LongAdder failures) {
        return new Checker() {
            @Override
            public String kind() {
                return c.kind();
            }

            @Override
            public ProbeResult probe() throws InterruptedException {
                ProbeResult r = c.probe();
                probes.increment();
                if (r instanceof ProbeResult.Failure) {
                    failures.increment();
                }
                return r;
            }

            @Override
            public java.time.Duration timeout() {
                return c.timeout();
            }

            @Override
            public String upLine() {
                return c.upLine();
            }

            @Override
            public String downLine(long retries, ProbeResult.Failure last) {
                return c.downLine(retries, last);
            }
        };
    }
}
