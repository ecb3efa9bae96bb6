package io.fulcrum.dataplane.proxy;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.regex.Pattern;

/** How socket failures read in log lines and which connection-table event a failed connect stands for. */
final class Failures {

    private static final String EMFILE = "too many open files";
    /** Netty's native errors: "bind(..) failed with error(-98): Address already in use", "connect(..) failed: ...". */
    private static final Pattern SYSCALL_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

    private Failures() {
    }

    /** The cause's text without Netty's syscall prefix ("Connection refused", "Address already in use"). */
    static String reason(Throwable t) {
        if (tooManyOpenFiles(t)) {
            return EMFILE;
        }
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return SYSCALL_PREFIX.matcher(m).replaceFirst("");
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
