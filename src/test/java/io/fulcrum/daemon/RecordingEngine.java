package io.fulcrum.daemon;

import io.fulcrum.dataplane.packet.PacketService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A packet engine that records what it is given; it can say it is unavailable, as a host without CAP_NET_RAW. */
final class RecordingEngine implements PacketPort {

    final List<List<String>> applied = new CopyOnWriteArrayList<>();
    private final Optional<String> unavailable;
    volatile int created;
    volatile boolean closed;

    RecordingEngine(Optional<String> unavailable) {
        this.unavailable = unavailable;
    }

    static RecordingEngine available() {
        return new RecordingEngine(Optional.empty());
    }

    PacketPort.Factory factory() {
        return new PacketPort.Factory() {
            @Override
            public PacketPort create(io.fulcrum.ipvs.conn.ConnectionTable connections,
                                     java.util.function.LongSupplier nanoClock,
                                     java.util.function.Consumer<String> log) {
                created++;
                return RecordingEngine.this;
            }

            @Override
            public Optional<String> unavailable() {
                return unavailable;
            }
        };
    }

    @Override
    public List<String> apply(List<PacketService> services) {
        applied.add(services.stream().map(s -> s.key().protocol() + " " + s.key().address() + ":" + s.key().port())
                .toList());
        return List.of();
    }

    @Override
    public void close() {
        closed = true;
    }
}
