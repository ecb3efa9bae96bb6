package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.TunnelChecksum;
import io.fulcrum.config.model.TunnelType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Readers for the argument shapes of the LVS blocks that {@link Args} has no reader for (keepalived's TIMER ranges,
 * {@code lvs_method} with its tunnel options, script users). Like Args, each reports its own problems and returns
 * empty on bad input.
 */
final class LvsArgs {

    private LvsArgs() {
    }

    /** Smallest TIMER keepalived accepts where zero is not allowed (1 µs). */
    static final Duration MIN_TIMER = Duration.ofNanos(1_000);
    /** Largest TIMER accepted (keepalived's own limit is far beyond any useful value). */
    static final Duration MAX_TIMER = Duration.ofSeconds(4_294_967_295L);
    /** Largest connect_timeout (UINT_MAX µs). */
    static final Duration MAX_CONNECT_TIMEOUT = Duration.ofNanos(4_294_967_295_000L);
    static final long U32_MAX = 0xffff_ffffL;

    /** delay_loop: 0.000001.. seconds. */
    static Optional<Duration> delayLoop(Args a) {
        return a.arity(1, 1) ? a.timer(0, MIN_TIMER, MAX_TIMER) : Optional.empty();
    }

    /** connect_timeout: 0.000001..4294.967295 seconds. */
    static Optional<Duration> connectTimeout(Args a) {
        return a.arity(1, 1) ? a.timer(0, MIN_TIMER, MAX_CONNECT_TIMEOUT) : Optional.empty();
    }

    /** delay_before_retry, warmup: 0.. seconds. */
    static Optional<Duration> timerFromZero(Args a) {
        return a.arity(1, 1) ? a.timer(0, Duration.ZERO, MAX_TIMER) : Optional.empty();
    }

    /** An unsigned 32-bit number from {@code min}. */
    static OptionalLong u32(Args a, long min) {
        return longIn(a, min, U32_MAX);
    }

    /** Exactly one integer in [min, max]. */
    static OptionalInt intIn(Args a, int min, int max) {
        return a.arity(1, 1) ? a.intArg(0, min, max) : OptionalInt.empty();
    }

    /** Exactly one long in [min, max]. */
    static OptionalLong longIn(Args a, long min, long max) {
        return a.arity(1, 1) ? a.integer(0, min, max) : OptionalLong.empty();
    }

    /** Exactly one word. */
    static Optional<String> word(Args a) {
        return a.arity(1, 1) ? Optional.of(a.text(0)) : Optional.empty();
    }

    /** A word that must be given, with every extra word reported. */
    static Optional<String> nonEmptyWord(Args a) {
        Optional<String> w = word(a);
        if (w.isPresent() && w.get().isEmpty()) {
            a.error("'" + a.keyword() + "' expects a non-empty value");
            return Optional.empty();
        }
        return w;
    }

    /** An address and an optional port at {@code i}, {@code i+1}; a port of 0 (or 00...) means none. */
    static Optional<IpAddress> address(Args a, int i) {
        if (!a.has(i)) {
            a.error("'" + a.keyword() + "' expects an IP address");
            return Optional.empty();
        }
        return a.ip(i);
    }

    /** The port at {@code i}, 0 when absent; empty when invalid. */
    static OptionalInt optionalPort(Args a, int i) {
        return a.has(i) ? a.port(i) : OptionalInt.of(0);
    }

    private static final Map<String, String> METHODS = Map.of("NAT", "NAT", "DR", "DR", "TUN", "TUN",
            "FNAT", "FNAT");
    private static final Map<String, TunnelType> TUNNEL_TYPES = Map.of("ipip", TunnelType.IPIP, "gue",
            TunnelType.GUE, "gre", TunnelType.GRE);

    /**
     * {@code NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum]|FNAT}, keepalived's
     * {@code svr_forwarding_handler} rules; a bad tunnel option makes the whole statement ignored.
     */
    static Optional<Forwarding> forwarding(Args a) {
        if (!a.arity(1, 6)) {
            return Optional.empty();
        }
        Optional<String> method = a.choice(0, METHODS);
        if (method.isEmpty()) {
            return Optional.empty();
        }
        if (!method.get().equals("TUN")) {
            if (a.has(1)) {
                a.errorAt(a.token(1), "'" + a.keyword() + "': tunnel options only apply to TUN; ignoring this line");
                return Optional.empty();
            }
            return Optional.of(switch (method.get()) {
                case "NAT" -> new Forwarding.Nat();
                case "DR" -> new Forwarding.DirectRouting();
                default -> new Forwarding.FullNat();
            });
        }
        TunnelType type = TunnelType.IPIP;
        int port = 0;
        TunnelChecksum csum = TunnelChecksum.NOCSUM;
        for (int i = 1; i < a.count(); i++) {
            String w = a.text(i);
            switch (w) {
                case "type" -> {
                    if (!a.has(i + 1)) {
                        a.errorAt(a.token(i), "Missing tunnel type after 'type' (ipip, gue or gre)");
                        return Optional.empty();
                    }
                    Optional<TunnelType> t = a.choice(++i, TUNNEL_TYPES);
                    if (t.isEmpty()) {
                        return Optional.empty();
                    }
                    type = t.get();
                }
                case "port" -> {
                    if (!a.has(i + 1)) {
                        a.errorAt(a.token(i), "Missing port for gue tunnel");
                        return Optional.empty();
                    }
                    OptionalInt p = a.intArg(++i, 1, 65535);
                    if (p.isEmpty()) {
                        return Optional.empty();
                    }
                    port = p.getAsInt();
                }
                case "nocsum" -> csum = TunnelChecksum.NOCSUM;
                case "csum" -> csum = TunnelChecksum.CSUM;
                case "remcsum" -> csum = TunnelChecksum.REMCSUM;
                default -> {
                    String hint = Suggestions.didYouMean(w, List.of("type", "port", "nocsum", "csum", "remcsum"))
                            .map(s -> "; did you mean '" + s + "'?").orElse("");
                    a.errorAt(a.token(i), "Invalid tunnel option '" + w + "'" + hint);
                    return Optional.empty();
                }
            }
        }
        if ((type == TunnelType.GUE) != (port != 0)) {
            a.error("gue tunnels require port, otherwise cannot have port.");
            return Optional.empty();
        }
        if (type == TunnelType.IPIP && csum != TunnelChecksum.NOCSUM) {
            a.error("ipip tunnels do not support checksum option.");
            return Optional.empty();
        }
        if (type == TunnelType.GRE && csum == TunnelChecksum.REMCSUM) {
            a.error("gre tunnels do not support remote checksum option.");
            return Optional.empty();
        }
        return Optional.of(new Forwarding.Tunnel(type, port, csum));
    }

    /** The words of {@code lvs_method} for a forwarding method, as the dump writes them. */
    static List<Object> forwardingWords(Forwarding f) {
        List<Object> w = new ArrayList<>();
        w.add(f.keyword());
        if (f instanceof Forwarding.Tunnel t) {
            w.add("type");
            w.add(t.type().keyword());
            if (t.type() == TunnelType.GUE) {
                w.add("port");
                w.add(t.port());
            }
            if (t.type() != TunnelType.IPIP) {
                w.add(t.checksum().keyword());
            }
        }
        return w;
    }
}
