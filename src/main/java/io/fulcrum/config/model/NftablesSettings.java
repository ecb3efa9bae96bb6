package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nftables settings of global_defs, used for the drop rules of no_accept instances.
 *
 * @param table    {@code nftables [TABLE]}: the name of the tables ({@code ip} and {@code ip6}) holding the rules;
 *                 empty when not given, and {@value #DEFAULT_TABLE} is used when an instance needs them, as
 *                 keepalived does ("no firewall configured - using nftables")
 * @param priority {@code nftables_priority}: priority of the input and output chains [-1]
 * @param counters {@code nftables_counters}: a counter on each rule
 * @param ifindex  {@code nftables_ifindex}: key IPv6 link-local VIPs by interface index even for instances with
 *                 {@code dont_track_primary} (which otherwise use interface names)
 */
public record NftablesSettings(Optional<String> table, int priority, boolean counters, boolean ifindex) {

    /** keepalived's table name when {@code nftables} has no argument or is absent. */
    public static final String DEFAULT_TABLE = "keepalived";
    /** keepalived's chain priority (one before the filter hooks' usual 0). */
    public static final int DEFAULT_PRIORITY = -1;
    /** The kernel's limit (NFT_TABLE_MAXNAMELEN, with its terminating NUL). */
    public static final int MAX_NAME_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    public NftablesSettings {
        Objects.requireNonNull(table, "table");
        table.ifPresent(t -> {
            if (!validName(t)) {
                throw new IllegalArgumentException("invalid nftables table name '" + t + "'");
            }
        });
    }

    /** Names Fulcrum can pass to {@code nft} unquoted: a letter or '_', then letters, digits, '_', '.', '-'. */
    public static boolean validName(String name) {
        return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    public static NftablesSettings defaults() {
        return new NftablesSettings(Optional.empty(), DEFAULT_PRIORITY, false, false);
    }

    /** The table the rules go to: the configured name, else {@value #DEFAULT_TABLE}. */
    public String tableName() {
        return table.orElse(DEFAULT_TABLE);
    }
}
