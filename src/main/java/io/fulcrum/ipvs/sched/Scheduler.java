package io.fulcrum.ipvs.sched;

import io.fulcrum.ipvs.DestinationScheduler;

/** The IPVS schedulers, one class each, with the Linux kernel's semantics. */
public sealed interface Scheduler extends DestinationScheduler
        permits RoundRobin, WeightedRoundRobin, LeastConnection, WeightedLeastConnection, LocalityBased,
        LocalityBasedReplicated, DestinationHashing, SourceHashing, ShortestExpectedDelay, NeverQueue, Failover,
        Overflow, MaglevHashing, TwoChoices {
}
