package io.fulcrum.ipvs;

/**
 * Why a table operation was refused, with a message saying so and the errno name the kernel's IPVS
 * ({@code ip_vs_ctl.c}) returns for the same refusal, which is what ipvsadm turns into its own message.
 */
public enum IpvsError {
    SERVICE_EXISTS("Service already exists", "EEXIST"),
    NO_SUCH_SERVICE("No such service", "ESRCH"),
    DESTINATION_EXISTS("Destination already exists", "EEXIST"),
    NO_SUCH_DESTINATION("No such destination", "ENOENT"),
    ZERO_PORT_NOT_PERSISTENT("Zero port specified for non-persistent service", "EINVAL"),
    INVALID_SCHEDULER("Scheduler not found", "ENOENT"),
    INVALID_WEIGHT("Weight out of range 0..65535", "ERANGE"),
    INVALID_THRESHOLDS("Upper threshold is lower than lower threshold", "ERANGE"),
    INVALID_NETMASK("Invalid netmask for the service's address family", "EINVAL"),
    FAMILY_MISMATCH("Destination address family does not match the service (only tunnels may mix)", "EINVAL");

    private final String message;
    private final String errno;

    IpvsError(String message, String errno) {
        this.message = message;
        this.errno = errno;
    }

    public String message() {
        return message;
    }

    /** The errno name the kernel returns for this refusal: EEXIST, ESRCH, ENOENT, EINVAL or ERANGE. */
    public String errno() {
        return errno;
    }
}
