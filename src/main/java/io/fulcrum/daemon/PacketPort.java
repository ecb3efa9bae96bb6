package io.fulcrum.daemon;

import io.fulcrum.dataplane.packet.PacketService;
import io.fulcrum.ipvs.conn.ConnectionTable;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** What the daemon needs of the packet engine; {@link PacketHost} is the real one, tests use a recording one. */
interface PacketPort extends AutoCloseable {

    /** Makes the engine forward exactly {@code services}; returns one line per problem (nothing forwards them then). */
    List<String> apply(List<PacketService> services);

    /** The engine's interfaces and counters now (any thread). */
    default io.fulcrum.control.DataplaneStatus status() {
        return io.fulcrum.control.DataplaneStatus.NOT_RUNNING;
    }

    /** Stops the engine and removes every kernel rule it added. */
    @Override
    void close();

    /** Creates the engine's host side on the daemon's connection table, clock and log. */
    @FunctionalInterface
    interface Factory {
        PacketPort create(ConnectionTable connections, LongSupplier nanoClock, Consumer<String> log);

        /** Why the engine cannot run on this host (no CAP_NET_RAW, no AF_PACKET rings, no nft), if it cannot. */
        default Optional<String> unavailable() {
            return Optional.empty();
        }
    }
}
