package io.fulcrum.dataplane.proxy;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.Locale;

/** How socket failures read in log lines and which connection-table event a failed connect stands for. */
final class Failures {

    private static final String EMFILE = "too many open files";

    private Failures() {
    }

    /** The cause's text without Netty's syscall prefix: "connect(..) failed: Connection refused" → the reason. */
    static String reason(Throwable t) {
        if (tooManyOpenFiles(t)) {
            return EMFILE;
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        int at = m.indexOf("failed: ");
        return at >= 0 ? m.substring(at + "failed: ".length()) : m;
    }

    /** Whether the process ran out of file descriptors (EMFILE) or the system did (ENFILE), anywhere in the chain. */
    static boolean tooManyOpenFiles(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && m.toLowerCase(Locale.ROOT).contains("too many open files")) {
                return true;
            }
        }
        return false;
    }

    static boolean timedOut(Throwable t) {
        return t instanceof ConnectTimeoutException;
    }

    /** The real server answered the SYN with a RST (what IPVS would have seen as a server RST). */
    static boolean refused(Throwable t) {
        return t instanceof ConnectException && !timedOut(t) && t.getMessage() != null
                && t.getMessage().toLowerCase(Locale.ROOT).contains("refused");
    }
}
