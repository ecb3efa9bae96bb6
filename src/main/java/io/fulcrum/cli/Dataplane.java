package io.fulcrum.cli;

import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code fulcrum run --dataplane}: which virtual services are forwarded, and how.
 * <ul>
 *   <li>{@link #AUTO}: full-NAT services (lvs_method FNAT, ipvsadm --fullnat) through the user-space proxy, DR,
 *       NAT and TUN ones through the packet engine (a start-up error when the engine cannot run here);</li>
 *   <li>{@link #PROXY}: every TCP/UDP service through the proxy, DR/NAT/TUN ones too (their responses then flow
 *       back through the director);</li>
 *   <li>{@link #NONE}: the table is served, nothing is forwarded.</li>
 * </ul>
 */
public enum Dataplane {
    AUTO, PROXY, NONE;

    /** The option's value: auto, proxy or none. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code --dataplane VALUE} (any case). */
    static final class Converter implements CommandLine.ITypeConverter<Dataplane> {
        @Override
        public Dataplane convert(String value) {
            for (Dataplane d : values()) {
                if (d.keyword().equalsIgnoreCase(value)) {
                    return d;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a data plane: use auto, proxy or"
                    + " none");
        }
    }

    /** The completion candidates and help: auto, proxy, none. */
    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(values()).map(Dataplane::keyword).iterator();
        }
    }
}
