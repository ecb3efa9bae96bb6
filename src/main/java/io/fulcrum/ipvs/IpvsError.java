package io.fulcrum.ipvs;

/** Why a table operation was refused, with the message ipvsadm prints for it. */
public enum IpvsError {
    SERVICE_EXISTS("Service already exists"),
    NO_SUCH_SERVICE("No such service"),
    DESTINATION_EXISTS("Destination already exists"),
    NO_SUCH_DESTINATION("No such destination"),
    ZERO_PORT_NOT_PERSISTENT("Zero port specified for non-persistent service"),
    INVALID_SCHEDULER("Scheduler not found"),
    INVALID_WEIGHT("Weight out of range 0..65535"),
    INVALID_THRESHOLDS("Upper threshold is lower than lower threshold"),
    INVALID_NETMASK("Invalid netmask for the service's address family"),
    FAMILY_MISMATCH("Destination address family does not match the service (only tunnels may mix)");

    private final String message;

    IpvsError(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
