package io.fulcrum.config;

import io.fulcrum.config.model.Tracked;
import io.fulcrum.config.model.Trackers;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code track_interface}, {@code track_script}, {@code track_file}, {@code track_process} and
 * {@code track_bfd} blocks of instances and sync groups: {@code NAME [weight W [reverse|noreverse]]} entries.
 */
final class TrackerGrammar {

    private TrackerGrammar() {
    }

    private static final Map<TrackKind, BlockGrammar<TrackerSet>> BLOCKS = blocks();

    private static Map<TrackKind, BlockGrammar<TrackerSet>> blocks() {
        Map<TrackKind, BlockGrammar<TrackerSet>> m = new EnumMap<>(TrackKind.class);
        for (TrackKind k : TrackKind.values()) {
            String reverse = k == TrackKind.INTERFACE ? "[reverse]" : "[reverse|noreverse]";
            m.put(k, new BlockGrammar<TrackerSet>(k.keyword).entries(
                    "NAME [weight " + k.minWeight + ".." + k.maxWeight + " " + reverse + "]",
                    "A " + k.noun.replace("track ", "tracked ") + "; weight 0 means a failure gives FAULT.",
                    (a, set) -> entry(a, set, k)));
        }
        return Map.copyOf(m);
    }

    /** Adds the five track_* blocks to an instance or sync group grammar. */
    static <T> void addTo(BlockGrammar<T> g, java.util.function.Function<T, TrackerSet> trackers) {
        g.addBlock("track_interface", "track_interface { IF [weight -253..253 [reverse]] ... }",
                "Interfaces whose link state moves the priority or gives FAULT.", BLOCKS.get(TrackKind.INTERFACE),
                (a, t) -> a.block(BLOCKS.get(TrackKind.INTERFACE), trackers.apply(t)))
            .addBlock("track_script", "track_script { NAME [weight -253..253 [reverse|noreverse]] ... }",
                "vrrp_scripts whose result moves the priority (weight defaults to the script's).",
                BLOCKS.get(TrackKind.SCRIPT), (a, t) -> a.block(BLOCKS.get(TrackKind.SCRIPT), trackers.apply(t)))
            .addBlock("track_file", "track_file { NAME [weight -254..254 [reverse|noreverse]] ... }",
                "track_files whose value moves the priority (weight defaults to the file's).",
                BLOCKS.get(TrackKind.FILE), (a, t) -> a.block(BLOCKS.get(TrackKind.FILE), trackers.apply(t)))
            .addBlock("track_process", "track_process { NAME [weight -254..254 [reverse|noreverse]] ... }",
                "vrrp_track_processes whose state moves the priority (weight defaults to the block's).",
                BLOCKS.get(TrackKind.PROCESS), (a, t) -> a.block(BLOCKS.get(TrackKind.PROCESS), trackers.apply(t)))
            .addBlock("track_bfd", "track_bfd { NAME [weight -253..253 [reverse|noreverse]] ... }",
                "bfd_instances whose state moves the priority (weight defaults to the instance's).",
                BLOCKS.get(TrackKind.BFD), (a, t) -> a.block(BLOCKS.get(TrackKind.BFD), trackers.apply(t)));
    }

    private static void entry(Args a, TrackerSet set, TrackKind k) {
        String name = a.keyword();
        OptionalInt weight = OptionalInt.empty();
        Optional<Boolean> reverse = Optional.empty();
        int i = 0;
        if (a.has(0) && a.text(0).equals("weight")) {
            if (!a.has(1)) {
                a.errorAt(a.token(0), set.owner + " " + k.noun + " " + name + ": weight needs a value");
            } else {
                weight = weight(a, set, k, name);
            }
            i = 2;
        }
        if (a.has(i)) {
            String w = a.text(i);
            if (weight.isPresent() || (i == 2)) {
                if (w.equals("reverse")) {
                    reverse = Optional.of(true);
                    i++;
                } else if ((w.equals("noreverse") || w.equals("no_reverse")) && k != TrackKind.INTERFACE) {
                    reverse = Optional.of(false);
                    i++;
                }
            }
            if (a.has(i)) {
                a.errorAt(a.token(i), set.owner + " unknown " + k.keyword + " option '" + a.text(i) + "' for "
                        + name + " - ignoring");
            }
        }
        set.of(k).add(new TrackerSet.Pending(a, name, weight, reverse));
    }

    private static OptionalInt weight(Args a, TrackerSet set, TrackKind k, String name) {
        String v = a.text(1);
        int w;
        if (!v.matches("-?[0-9]{1,10}") || Math.abs(Long.parseLong(v)) > k.maxWeight + 1
                || (k != TrackKind.INTERFACE && Math.abs(Long.parseLong(v)) > k.maxWeight)) {
            a.errorAt(a.token(1), k == TrackKind.SCRIPT
                    ? set.owner + " track script " + name + ": weight must be between [" + k.minWeight + ".."
                        + k.maxWeight + "] inclusive, ignoring..."
                    : set.owner + " weight " + v + " for " + name + " must be between [" + k.minWeight + ".."
                        + k.maxWeight + "] inclusive. Ignoring...");
            return k == TrackKind.INTERFACE ? OptionalInt.of(0) : OptionalInt.empty();
        }
        w = Integer.parseInt(v);
        if (k == TrackKind.INTERFACE && Math.abs(w) == 254) {
            a.warningAt(a.token(1), set.owner + " weight for " + name + " cannot be +/-254. Setting to +/-253");
            w = w < 0 ? -253 : 253;
        }
        return OptionalInt.of(w);
    }

    /**
     * The trackers with names checked and weights defaulted; missing and duplicate entries are reported and
     * dropped, and an instance's own interface is not tracked ({@code ownInterface}).
     */
    static Trackers resolve(TrackerSet set, ConfigBuilder cfg, Optional<String> ownInterface) {
        Map<TrackKind, List<Tracked>> out = new EnumMap<>(TrackKind.class);
        for (TrackKind k : TrackKind.values()) {
            List<Tracked> list = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (TrackerSet.Pending p : set.of(k)) {
                Optional<Tracked> t = resolve(p, k, set, cfg, ownInterface);
                if (t.isEmpty()) {
                    continue;
                }
                if (!seen.add(p.name())) {
                    p.at().warning(set.owner + " duplicate " + k.keyword + " " + p.name() + " - ignoring");
                    continue;
                }
                list.add(t.get());
            }
            out.put(k, list);
        }
        return new Trackers(out.get(TrackKind.INTERFACE), out.get(TrackKind.SCRIPT), out.get(TrackKind.FILE),
                out.get(TrackKind.PROCESS), out.get(TrackKind.BFD));
    }

    private static Optional<Tracked> resolve(TrackerSet.Pending p, TrackKind k, TrackerSet set, ConfigBuilder cfg,
            Optional<String> ownInterface) {
        String n = p.name();
        if (k == TrackKind.INTERFACE && ownInterface.isPresent() && ownInterface.get().equals(n)) {
            p.at().warning(set.owner + " Ignoring track_interface " + n + " since own interface");
            return Optional.empty();
        }
        Optional<Tracked> def = switch (k) {
            case INTERFACE -> Optional.of(new Tracked(n, 0, false));
            case SCRIPT -> cfg.vrrpScripts.stream().filter(x -> x.name().equals(n)).findFirst()
                    .map(s -> new Tracked(n, s.weight(), s.reverse()));
            case FILE -> cfg.trackFiles.stream().filter(x -> x.name().equals(n)).findFirst()
                    .map(f -> new Tracked(n, Math.max(-254, Math.min(254, f.weight())), f.reverse()));
            case PROCESS -> cfg.trackProcesses.stream().filter(x -> x.name().equals(n)).findFirst()
                    .map(t -> new Tracked(n, t.weight(), t.reverse()));
            case BFD -> cfg.bfdInstances.stream().filter(x -> x.name().equals(n)).findFirst()
                    .map(b -> new Tracked(n, b.weight(), b.reverse()));
        };
        if (def.isEmpty()) {
            return missing(p, k, set);
        }
        int defWeight = def.get().weight();
        boolean defReverse = def.get().reverse();
        int weight = p.weight().orElse(defWeight);
        boolean reverse = p.reverse().orElse(defReverse);
        return Optional.of(new Tracked(n, weight, reverse));
    }

    private static Optional<Tracked> missing(TrackerSet.Pending p, TrackKind k, TrackerSet set) {
        p.at().warning(set.owner + " " + k.noun + " " + p.name() + " not found, ignoring...");
        return Optional.empty();
    }
}
