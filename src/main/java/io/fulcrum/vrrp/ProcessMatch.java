package io.fulcrum.vrrp;

import io.fulcrum.config.model.VrrpTrackProcess;
import java.util.List;

/**
 * Whether a process is one a {@code vrrp_track_process} counts, as keepalived's track_process.c decides: by its
 * name ({@code comm}, like {@code pgrep ^NAME$}), or with {@code full_command} by the first word of its command
 * line, and then its parameters by {@code param_match}: exactly the configured ones; {@code partial}: the
 * configured ones first; {@code initial}: the configured ones first, the last of them possibly cut short
 * ({@code process sleep 30} counts {@code sleep 300}). A zombie never counts.
 */
final class ProcessMatch {

    private ProcessMatch() {
    }

    static boolean matches(VrrpTrackProcess spec, RunningProcess p) {
        if (p.zombie()) {
            return false;
        }
        List<String> want = spec.command();
        String name = spec.fullCommand() ? (p.argv().isEmpty() ? null : p.argv().getFirst()) : p.comm();
        if (!want.getFirst().equals(name)) {
            return false;
        }
        List<String> wanted = want.subList(1, want.size());
        List<String> have = spec.fullCommand() ? p.argv().subList(1, p.argv().size()) : List.of();
        return switch (spec.paramMatch()) {
            case NONE -> true;
            case EXACT -> have.equals(wanted);
            case PARTIAL -> have.size() >= wanted.size() && have.subList(0, wanted.size()).equals(wanted);
            case INITIAL -> initial(wanted, have);
        };
    }

    private static boolean initial(List<String> wanted, List<String> have) {
        if (wanted.isEmpty()) {
            return true;
        }
        int last = wanted.size() - 1;
        return have.size() >= wanted.size() && have.subList(0, last).equals(wanted.subList(0, last))
                && have.get(last).startsWith(wanted.get(last));
    }
}
