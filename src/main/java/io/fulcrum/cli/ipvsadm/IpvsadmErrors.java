package io.fulcrum.cli.ipvsadm;

import io.fulcrum.control.Errno;
import java.util.Map;

/**
 * What ipvsadm 1.31 prints when the kernel refuses an operation: libipvs's {@code ipvs_strerror} table, first the
 * messages for one operation and errno, then the ones for an errno whatever the operation, else the C library's
 * text for the errno.
 */
public final class IpvsadmErrors {

    /** The libipvs call behind each ipvsadm command. */
    public enum Operation {
        ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, FLUSH, ADD_DEST, EDIT_DEST, DELETE_DEST, ZERO, SET_TIMEOUT,
        START_DAEMON, STOP_DAEMON, GET_SERVICES, GET_SERVICE
    }

    private record Key(Operation op, Errno errno) {
    }

    private static final Map<Key, String> BY_OPERATION = Map.ofEntries(
            Map.entry(new Key(Operation.ADD_SERVICE, Errno.EEXIST), "Service already exists"),
            Map.entry(new Key(Operation.ADD_SERVICE, Errno.ENOENT), "Scheduler or persistence engine not found"),
            Map.entry(new Key(Operation.EDIT_SERVICE, Errno.ESRCH), "No such service"),
            Map.entry(new Key(Operation.EDIT_SERVICE, Errno.ENOENT), "Scheduler or persistence engine not found"),
            Map.entry(new Key(Operation.DELETE_SERVICE, Errno.ESRCH), "No such service"),
            Map.entry(new Key(Operation.ZERO, Errno.ESRCH), "No such service"),
            Map.entry(new Key(Operation.ADD_DEST, Errno.ESRCH), "Service not defined"),
            Map.entry(new Key(Operation.ADD_DEST, Errno.EEXIST), "Destination already exists"),
            Map.entry(new Key(Operation.EDIT_DEST, Errno.ESRCH), "Service not defined"),
            Map.entry(new Key(Operation.EDIT_DEST, Errno.ENOENT), "No such destination"),
            Map.entry(new Key(Operation.DELETE_DEST, Errno.ESRCH), "Service not defined"),
            Map.entry(new Key(Operation.DELETE_DEST, Errno.ENOENT), "No such destination"),
            Map.entry(new Key(Operation.START_DAEMON, Errno.EEXIST), "Daemon has already run"),
            Map.entry(new Key(Operation.STOP_DAEMON, Errno.ESRCH), "No daemon is running"),
            Map.entry(new Key(Operation.GET_SERVICES, Errno.ESRCH), "No such service"),
            Map.entry(new Key(Operation.GET_SERVICE, Errno.ESRCH), "No such service"));

    private static final Map<Errno, String> ANY_OPERATION = Map.of(
            Errno.EPERM, "Permission denied (you must be root)",
            Errno.EINVAL, "Invalid operation.  Possibly wrong module version, address not unicast, ...",
            Errno.ENOPROTOOPT, "Protocol not available",
            Errno.ENOMEM, "Memory allocation problem",
            Errno.EOPNOTSUPP, "Operation not supported with IPv6",
            Errno.EAFNOSUPPORT, "Operation not supported with specified address family",
            Errno.EMSGSIZE, "Module is wrong version");

    private IpvsadmErrors() {
    }

    /** ipvsadm's line (without the newline) for {@code op} refused with {@code errno}. */
    public static String message(Operation op, Errno errno) {
        String m = BY_OPERATION.get(new Key(op, errno));
        if (m == null) {
            m = ANY_OPERATION.get(errno);
        }
        return m != null ? m : errno.strerror();
    }
}
