package io.fulcrum.config.model;

import io.fulcrum.common.IpPrefix;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A policy routing rule: a static rule, or a virtual rule added while an instance is MASTER. The syntax is
 * {@code ip rule add}'s, without abbreviations.
 *
 * @param family     IPv4 unless an address or {@code inet6} says IPv6
 * @param not        {@code not}: invert the match
 * @param from       {@code from PREFIX} ({@code all} = empty)
 * @param to         {@code to PREFIX}
 * @param action     what matching packets get
 * @param table      {@code table|lookup} for {@link RuleAction#TABLE}
 * @param gotoTarget {@code goto} preference for {@link RuleAction#GOTO}
 * @param preference {@code preference|priority|order|pref}; keepalived assigns one when absent
 * @param iif        {@code iif|dev}
 * @param oif        {@code oif}
 * @param fwmark     {@code fwmark N[/MASK]} value
 * @param fwmask     its mask
 * @param options    the other selectors, with their validated text
 * @param noTrack    {@code no_track} (virtual rules)
 * @param trackGroup {@code track_group} (static rules)
 */
public record RuleSpec(IpFamily family, boolean not, Optional<IpPrefix> from, Optional<IpPrefix> to,
        RuleAction action, Optional<String> table, OptionalLong gotoTarget, OptionalLong preference,
        Optional<String> iif, Optional<String> oif, OptionalLong fwmark, OptionalLong fwmask,
        Map<RuleOption, String> options, boolean noTrack, Optional<String> trackGroup) {

    public RuleSpec {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(gotoTarget, "gotoTarget");
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(iif, "iif");
        Objects.requireNonNull(oif, "oif");
        Objects.requireNonNull(fwmark, "fwmark");
        Objects.requireNonNull(fwmask, "fwmask");
        options = options.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(options));
        Objects.requireNonNull(trackGroup, "trackGroup");
        for (Optional<IpPrefix> p : java.util.List.of(from, to)) {
            if (p.isPresent() && IpFamily.of(p.get().address()) != family) {
                throw new IllegalArgumentException("rule prefix " + p.get() + " is not " + family.label());
            }
        }
        if (table.isPresent() && action != RuleAction.TABLE) {
            throw new IllegalArgumentException("only a TABLE rule names a table");
        }
        if (action == RuleAction.TABLE && table.isEmpty() && !options.containsKey(RuleOption.L3MDEV)) {
            throw new IllegalArgumentException("a TABLE rule needs a table (or l3mdev)");
        }
        if ((action == RuleAction.GOTO) != gotoTarget.isPresent()) {
            throw new IllegalArgumentException("a goto rule needs its target");
        }
        if (fwmask.isPresent() && fwmark.isEmpty()) {
            throw new IllegalArgumentException("fwmark mask without a mark");
        }
    }

    /** This rule without its track_group (when the group does not exist). */
    public RuleSpec withoutTrackGroup() {
        return new RuleSpec(family, not, from, to, action, table, gotoTarget, preference, iif, oif, fwmark, fwmask,
                options, noTrack, Optional.empty());
    }
}
