package io.fulcrum.arch;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The package rules of ARCHITECTURE.md as data: which module may depend on which. A module is a package under the
 * base package and everything below it that is not a module of its own ({@code ipvs.sched} is part of {@code ipvs}'s
 * family: it may use {@code ipvs}).
 */
final class PackageArrows {

    /** Allowed dependencies per module (besides itself). Anything not listed is forbidden. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("common", Set.of()),
            Map.entry("config.model", Set.of("common")),
            Map.entry("config", Set.of("config.model", "common")),
            Map.entry("ipvs", Set.of("common")),
            Map.entry("ipvs.sched", Set.of("ipvs", "ipvs.conn", "common")),
            Map.entry("ipvs.conn", Set.of("ipvs", "common")),
            Map.entry("check", Set.of("config.model", "common")),
            Map.entry("vrrp", Set.of("config.model", "common")),
            Map.entry("notify", Set.of("config.model", "common")),
            Map.entry("nativeio", Set.of("common")),
            Map.entry("dataplane.proxy", Set.of("ipvs", "ipvs.sched", "ipvs.conn", "common")),
            Map.entry("dataplane.packet", Set.of("ipvs", "ipvs.sched", "ipvs.conn", "common", "nativeio")),
            Map.entry("control", Set.of("common")),
            Map.entry("cli", Set.of("control", "config", "config.model", "common", "lab", "check", "realserver")),
            Map.entry("realserver", Set.of("nativeio", "common")),
            Map.entry("web", Set.of("ipvs", "ipvs.conn", "vrrp", "check", "common")),
            Map.entry("lab", Set.of("common")),
            Map.entry("daemon", Set.of("*")));

    private PackageArrows() {
    }

    /** The module a package belongs to: the longest module name that is a prefix of it. */
    static Optional<String> moduleOf(String pkg, String base) {
        if (!pkg.equals(base) && !pkg.startsWith(base + ".")) {
            return Optional.empty();
        }
        String rest = pkg.equals(base) ? "" : pkg.substring(base.length() + 1);
        return ALLOWED.keySet().stream()
                .filter(m -> rest.equals(m) || rest.startsWith(m + "."))
                .max(Comparator.comparingInt(String::length));
    }

    /** Every dependency that breaks an arrow, as readable lines; also packages that belong to no module. */
    static List<String> violations(JavaClasses classes, String base) {
        Set<String> out = new TreeSet<>();
        for (JavaClass c : classes) {
            Optional<String> from = moduleOf(c.getPackageName(), base);
            if (from.isEmpty()) {
                out.add(c.getName() + " is in no module of ARCHITECTURE.md (package " + c.getPackageName() + ")");
                continue;
            }
            Set<String> allowed = ALLOWED.get(from.get());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                Optional<String> to = moduleOf(target.getPackageName(), base);
                if (to.isEmpty() || to.get().equals(from.get()) || allowed.contains("*")) {
                    continue;
                }
                if (to.get().equals("daemon") || !allowed.contains(to.get())) {
                    out.add(from.get() + " -> " + to.get() + ": " + d.getDescription());
                }
            }
        }
        return new ArrayList<>(out);
    }
}
