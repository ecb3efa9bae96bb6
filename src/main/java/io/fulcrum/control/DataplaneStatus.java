package io.fulcrum.control;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The packet engine of a daemon as {@code fulcrum status} shows it: whether it runs, on which interfaces with how
 * many workers each, the frames it received and forwarded, and why it dropped the others (a drop reason or a frame
 * error, each with its count; only those seen).
 *
 * @param running     whether the engine runs (false: no DR/NAT/TUN service, or another data plane)
 * @param interfaces  the interfaces it reads
 * @param workers     workers (rings) per interface
 * @param services    the virtual services it forwards, as {@code TCP 10.0.0.100:80}
 * @param received    frames that reached the engine through its filter
 * @param forwarded   frames it transmitted
 * @param drops       frames not forwarded, by reason (e.g. {@code NO_CONNECTION})
 * @param frameErrors malformed or unsupported frames, by kind (e.g. {@code FRAGMENT}); counted in drops as MALFORMED
 */
public record DataplaneStatus(boolean running, List<String> interfaces, int workers, List<String> services,
                              long received, long forwarded, Map<String, Long> drops,
                              Map<String, Long> frameErrors) {

    public static final DataplaneStatus NOT_RUNNING = new DataplaneStatus(false, List.of(), 0, List.of(), 0, 0,
            Map.of(), Map.of());

    public DataplaneStatus {
        interfaces = List.copyOf(interfaces);
        services = List.copyOf(services);
        drops = Map.copyOf(Objects.requireNonNull(drops, "drops"));
        frameErrors = Map.copyOf(Objects.requireNonNull(frameErrors, "frameErrors"));
    }
}
