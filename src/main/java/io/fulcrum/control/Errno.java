package io.fulcrum.control;

/**
 * The errno values a control request can be refused with: the ones the kernel's IPVS returns (so the ipvsadm
 * client prints ipvsadm's text for them), plus EPROTO for a malformed request and EIO for a failure inside the
 * daemon. {@link #strerror()} is glibc's text for the value.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EIO(5, "Input/output error"),
    ENOMEM(12, "Cannot allocate memory"),
    EEXIST(17, "File exists"),
    EINVAL(22, "Invalid argument"),
    ERANGE(34, "Numerical result out of range"),
    EPROTO(71, "Protocol error"),
    EMSGSIZE(90, "Message too long"),
    ENOPROTOOPT(92, "Protocol not available"),
    EOPNOTSUPP(95, "Operation not supported"),
    EAFNOSUPPORT(97, "Address family not supported by protocol");

    private final int number;
    private final String strerror;

    Errno(int number, String strerror) {
        this.number = number;
        this.strerror = strerror;
    }

    public int number() {
        return number;
    }

    public String strerror() {
        return strerror;
    }
}
