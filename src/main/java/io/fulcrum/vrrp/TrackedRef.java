package io.fulcrum.vrrp;

import java.util.Objects;

/** One tracked object: its kind and its name (the interface, or the name of the tracked block). */
public record TrackedRef(TrackedKind kind, String name) {

    public TrackedRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public static TrackedRef iface(String name) {
        return new TrackedRef(TrackedKind.INTERFACE, name);
    }

    public static TrackedRef script(String name) {
        return new TrackedRef(TrackedKind.SCRIPT, name);
    }

    public static TrackedRef file(String name) {
        return new TrackedRef(TrackedKind.FILE, name);
    }

    public static TrackedRef process(String name) {
        return new TrackedRef(TrackedKind.PROCESS, name);
    }

    public static TrackedRef sourceAddress(String address) {
        return new TrackedRef(TrackedKind.SOURCE_ADDRESS, address);
    }

    public static TrackedRef bfd(String name) {
        return new TrackedRef(TrackedKind.BFD, name);
    }
}
