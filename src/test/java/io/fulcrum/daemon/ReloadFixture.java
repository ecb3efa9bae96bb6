package io.fulcrum.daemon;

import io.fulcrum.check.CheckReport;
import io.fulcrum.check.CheckerId;
import io.fulcrum.check.HealthEvent;
import io.fulcrum.cli.ConfigSource;
import io.fulcrum.cli.Dataplane;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.ipvs.DestinationSnapshot;
import io.fulcrum.ipvs.ServiceSnapshot;
import io.fulcrum.ipvs.ServiceTable;
import io.fulcrum.ipvs.TableSnapshot;
import io.fulcrum.ipvs.conn.ConnectionOptions;
import io.fulcrum.ipvs.conn.ConnectionTable;
import io.fulcrum.ipvs.sched.SchedulerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The daemon's parts a reload changes, wired as {@link Daemon} wires them but with fakes at the edges: the
 * proxy and packet engine record what they are told ({@link RecordingProxy}, {@link RecordingEngine}), the
 * checkers are fakes whose reports the test sends, and reports are applied at once on the test's thread.
 */
final class ReloadFixture implements AutoCloseable {

    final Path file;
    final List<String> log = new CopyOnWriteArrayList<>();
    final RecordingProxy proxy = new RecordingProxy(List.of(), () -> true);
    final ServiceTable table;
    final HealthService health;
    final ForwardingSync forwarding;
    final Reloader reloader;
    /** Each launched fake checker's sink, by the id it was launched with. */
    final Map<CheckerId, Consumer<CheckReport>> sinks = new ConcurrentHashMap<>();
    final AtomicInteger launched = new AtomicInteger();
    final AtomicInteger stopped = new AtomicInteger();
    /** The lvs_timeouts reloads set. */
    final List<io.fulcrum.config.model.LvsTimeouts> timeouts = new CopyOnWriteArrayList<>();

    ReloadFixture(Path dir, String config) throws IOException {
        file = dir.resolve("keepalived.conf");
        write(config);
        ConfigSource source = new ConfigSource(file, "director1", name -> Optional.empty(), () -> 1L);
        LoadResult r = source.load();
        if (r.hasErrors()) {
            throw new IllegalArgumentException("test configuration has errors: " + r.problems());
        }
        KeepalivedConfig c = r.config().orElseThrow();
        SchedulerFactory schedulers = new SchedulerFactory(System::nanoTime, RandomGenerator::getDefault);
        table = new ServiceTable(schedulers);
        Consumer<String> logger = log::add;
        health = HealthService.of(c, logger);
        TableLoader.Loaded loaded = TableLoader.load(c, table, health.state());
        ConnectionTable connections = new ConnectionTable(new ConnectionOptions(false, false));
        RecordingEngine engine = RecordingEngine.available();
        forwarding = new ForwardingSync(Dataplane.AUTO, Daemon.origins(c, logger),
                () -> proxy.factory().create(connections, System::nanoTime, logger),
                () -> engine.factory().create(connections, System::nanoTime, logger), logger);
        health.attach(new HealthTable(table, c, loaded.targets(), logger), () -> forwarding.sync(table));
        health.perform(loaded.effects());
        forwarding.sync(table);
        health.launchers(cfg -> (id, sink) -> {
            launched.incrementAndGet();
            sinks.put(id, sink);
            return stopped::incrementAndGet;
        });
        health.start(c, (what, action) -> action.run());
        reloader = reloader(source, c, schedulers, false);
        this.source = source;
        this.config = c;
        this.schedulers = schedulers;
    }

    private final ConfigSource source;
    private final KeepalivedConfig config;
    private final SchedulerFactory schedulers;

    private Reloader reloader(ConfigSource from, KeepalivedConfig running, SchedulerFactory s, boolean vrrpOn) {
        return new Reloader(from, running, new Reloader.Parts(table, health, forwarding, Optional.empty(),
                timeouts::add), vrrpOn, s, "localhost", log::add, System::nanoTime);
    }

    /** A reloader of the same parts for a daemon that runs VRRP (none started: the configuration had none). */
    Reloader withVrrpOn() {
        return reloader(source, config, schedulers, true);
    }

    void write(String config) throws IOException {
        Files.writeString(file, config);
    }

    ControlResponse.Reloaded reload(String config) throws IOException {
        write(config);
        return reloader.reload("test");
    }

    /** The checker launched as {@code id} reports its verdict. */
    void report(CheckerId id, boolean up) {
        sinks.get(id).accept(new CheckReport(id, List.of(), List.of(up ? new HealthEvent.CheckerUp(id)
                : new HealthEvent.CheckerDown(id))));
    }

    /** The table as {@code address:port weight} per destination, by service. */
    Map<String, List<String>> tableView() {
        TableSnapshot s = table.snapshot();
        Map<String, List<String>> m = new java.util.LinkedHashMap<>();
        for (ServiceSnapshot svc : s.services()) {
            m.put(svc.key() + " " + svc.settings().scheduler(), svc.destinations().stream()
                    .map(ReloadFixture::destination).toList());
        }
        return m;
    }

    private static String destination(DestinationSnapshot d) {
        return d.address() + ":" + d.port() + " " + d.settings().weight();
    }

    @Override
    public void close() {
        health.close();
        forwarding.close();
    }
}
