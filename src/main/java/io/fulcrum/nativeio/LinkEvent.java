package io.fulcrum.nativeio;

import java.util.Objects;

/** A change of an interface or of its addresses, as {@link LinkMonitor} reports it. */
public sealed interface LinkEvent {

    /** An interface appeared or changed (RTM_NEWLINK): state, name, MTU or hardware address. */
    record LinkChanged(Link link) implements LinkEvent {
        public LinkChanged {
            Objects.requireNonNull(link, "link");
        }
    }

    /** An interface was deleted or left the namespace (RTM_DELLINK). */
    record LinkRemoved(Link link) implements LinkEvent {
        public LinkRemoved {
            Objects.requireNonNull(link, "link");
        }
    }

    /** An address was added (or changed: flags, lifetimes) (RTM_NEWADDR). */
    record AddressAdded(InterfaceAddress address) implements LinkEvent {
        public AddressAdded {
            Objects.requireNonNull(address, "address");
        }
    }

    /** An address was removed (RTM_DELADDR). */
    record AddressRemoved(InterfaceAddress address) implements LinkEvent {
        public AddressRemoved {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * The kernel dropped events because the monitor's socket buffer was full (ENOBUFS): the listener must read the
     * current state again ({@link Rtnetlink#links()}, {@link Rtnetlink#addresses()}).
     */
    record EventsLost() implements LinkEvent {
    }
}
