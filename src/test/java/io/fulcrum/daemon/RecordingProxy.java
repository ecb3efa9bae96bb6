package io.fulcrum.daemon;

import io.fulcrum.dataplane.proxy.ProxiedService;
import io.fulcrum.ipvs.conn.ConnectionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** A proxy that records what it is told: the keys of each {@code apply}, and whether it was closed. */
final class RecordingProxy implements ProxyPort {

    final List<List<String>> applied = new CopyOnWriteArrayList<>();
    final List<ProxiedService> last = new CopyOnWriteArrayList<>();
    private final List<String> problems;
    private final BooleanSupplier atClose;
    volatile int created;
    volatile ConnectionTable connections;
    volatile boolean closed;
    volatile boolean conditionAtClose;

    /**
     * @param problems what every apply answers
     * @param atClose  a condition recorded when the proxy is closed (e.g. "the control socket still exists")
     */
    RecordingProxy(List<String> problems, BooleanSupplier atClose) {
        this.problems = List.copyOf(problems);
        this.atClose = atClose;
    }

    ProxyPort.Factory factory() {
        return (connections, nanoClock, log) -> {
            created++;
            this.connections = connections;
            return this;
        };
    }

    @Override
    public List<String> apply(List<ProxiedService> services) {
        List<String> keys = new ArrayList<>();
        services.forEach(s -> keys.add(s.key().toString()));
        applied.add(List.copyOf(keys));
        last.clear();
        last.addAll(services);
        return problems;
    }

    @Override
    public void close() {
        conditionAtClose = atClose.getAsBoolean();
        closed = true;
    }
}
