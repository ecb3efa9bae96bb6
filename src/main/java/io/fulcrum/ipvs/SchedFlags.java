package io.fulcrum.ipvs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The three scheduler flag bits of a service ({@code -b}). {@code sh} names flag-1/flag-2 sh-fallback/sh-port,
 * {@code mh} names them mh-fallback/mh-port.
 */
public record SchedFlags(boolean flag1, boolean flag2, boolean flag3) {

    public static final SchedFlags NONE = new SchedFlags(false, false, false);

    /** The fallback bit (flag-1) under sh/mh. */
    public boolean fallback() {
        return flag1;
    }

    /** The port bit (flag-2) under sh/mh. */
    public boolean port() {
        return flag2;
    }

    public boolean any() {
        return flag1 || flag2 || flag3;
    }

    /** Parses ipvsadm's comma list ({@code flag-1,sh-port}); empty when a name is unknown. */
    public static Optional<SchedFlags> parse(String text) {
        boolean f1 = false;
        boolean f2 = false;
        boolean f3 = false;
        for (String raw : text.split(",")) {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "flag-1", "sh-fallback", "mh-fallback" -> f1 = true;
                case "flag-2", "sh-port", "mh-port" -> f2 = true;
                case "flag-3" -> f3 = true;
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new SchedFlags(f1, f2, f3));
    }

    /** The names ipvsadm prints for these flags under the given scheduler, comma separated. */
    public String names(String scheduler) {
        String prefix = "sh".equals(scheduler) || "mh".equals(scheduler) ? scheduler : null;
        List<String> out = new ArrayList<>();
        if (flag1) {
            out.add(prefix != null ? prefix + "-fallback" : "flag-1");
        }
        if (flag2) {
            out.add(prefix != null ? prefix + "-port" : "flag-2");
        }
        if (flag3) {
            out.add("flag-3");
        }
        return String.join(",", out);
    }
}
