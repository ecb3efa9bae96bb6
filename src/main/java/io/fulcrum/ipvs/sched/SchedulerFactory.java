package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.Destination;
import io.fulcrum.ipvs.DestinationScheduler;
import io.fulcrum.ipvs.SchedFlags;
import io.fulcrum.ipvs.SchedulerProvider;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Creates schedulers by their ipvsadm names. Time (monotonic nanoseconds) and randomness are injected; the
 * Maglev table size and the lblc/lblcr expiration are settings (the kernel's config and sysctls).
 */
public final class SchedulerFactory implements SchedulerProvider {

    /** Every name this factory knows, in ipvsadm's order (twos last). */
    public static final List<String> NAMES =
            List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    private final LongSupplier nanoClock;
    private final Supplier<RandomGenerator> randoms;
    private final int maglevTableSize;
    private final long lblcExpirationNanos;

    public SchedulerFactory(LongSupplier nanoClock, Supplier<RandomGenerator> randoms) {
        this(nanoClock, randoms, MaglevHashing.DEFAULT_TABLE_SIZE, LocalityBased.DEFAULT_EXPIRATION);
    }

    public SchedulerFactory(LongSupplier nanoClock, Supplier<RandomGenerator> randoms, int maglevTableSize,
                            long lblcExpirationNanos) {
        if (!MaglevHashing.isPrime(maglevTableSize)) {
            throw new IllegalArgumentException("Maglev table size must be prime: " + maglevTableSize);
        }
        this.nanoClock = nanoClock;
        this.randoms = randoms;
        this.maglevTableSize = maglevTableSize;
        this.lblcExpirationNanos = lblcExpirationNanos;
    }

    /** The scheduler of that name, or an exception naming the known ones. */
    public Scheduler create(String name, SchedFlags flags) {
        return tryCreate(name, flags, List.of()).orElseThrow(() -> new IllegalArgumentException(
                "unknown scheduler '" + name + "'; known: " + String.join(", ", NAMES)));
    }

    public Optional<Scheduler> tryCreate(String name, SchedFlags flags, List<Destination> dests) {
        Scheduler s = switch (name) {
            case "rr" -> new RoundRobin();
            case "wrr" -> new WeightedRoundRobin(dests);
            case "lc" -> new LeastConnection();
            case "wlc" -> new WeightedLeastConnection();
            case "lblc" -> new LocalityBased(nanoClock, lblcExpirationNanos);
            case "lblcr" -> new LocalityBasedReplicated(nanoClock, lblcExpirationNanos);
            case "dh" -> new DestinationHashing(dests);
            case "sh" -> new SourceHashing(flags, dests);
            case "sed" -> new ShortestExpectedDelay();
            case "nq" -> new NeverQueue();
            case "fo" -> new Failover();
            case "ovf" -> new Overflow();
            case "mh" -> new MaglevHashing(maglevTableSize, flags, dests);
            case "twos" -> new TwoChoices(randoms.get());
            default -> null;
        };
        return Optional.ofNullable(s);
    }

    @Override
    public Optional<DestinationScheduler> create(String name, SchedFlags flags, List<Destination> destinations) {
        return tryCreate(name, flags, destinations).map(s -> s);
    }
}
