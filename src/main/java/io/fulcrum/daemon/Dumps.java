package io.fulcrum.daemon;

import io.fulcrum.check.HealthState;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.DumpKind;
import io.fulcrum.control.Errno;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.VrrpStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * keepalived's dumps of the running daemon: builds the text of each ({@link GlobalDataDump}, {@link VrrpDataDump},
 * {@link LvsDataDump}, {@link StatsDump}, {@link JsonDump}) and writes it to its file (mode 0600, a symbolic link
 * refused, as keepalived's {@code fopen_safe}). Called on the control loop's thread, which owns the health state.
 */
final class Dumps {

    /** What a dump reads: the VRRP instances (when VRRP runs) and the health state (when the table loaded). */
    interface Source {
        List<InstanceSettings> vrrpSettings();

        List<InstanceStatus> vrrpStatuses();

        List<VrrpStats> vrrpStats();

        Optional<HealthState> health();
    }

    private final KeepalivedConfig config;
    private final String routerId;
    private final long pid;
    private final DumpFiles files;
    private final Source source;
    private final Clock wallClock;
    private final LongSupplier nanoClock;
    private final Consumer<String> log;

    Dumps(KeepalivedConfig config, String routerId, long pid, DumpFiles files, Source source, Clock wallClock,
            LongSupplier nanoClock, Consumer<String> log) {
        this.config = config;
        this.routerId = routerId;
        this.pid = pid;
        this.files = files;
        this.source = source;
        this.wallClock = wallClock;
        this.nanoClock = nanoClock;
        this.log = log;
        if (config.globalDefs().files().jsonVersion() != 1) {
            log.accept("json_version " + config.globalDefs().files().jsonVersion() + ": the JSON dump is written in"
                    + " keepalived 2.2.7's format (version 1), the only one Fulcrum writes");
        }
    }

    /** The dumps of a starting daemon: its VRRP instances (when they run) and health state (when loaded). */
    static Dumps of(KeepalivedConfig config, long pid, Optional<VrrpService> vrrp, Optional<HealthState> health,
            Map<String, String> env, LongSupplier nanoClock, Consumer<String> log) {
        Source source = new Source() {
            @Override
            public List<InstanceSettings> vrrpSettings() {
                return vrrp.map(VrrpService::settings).orElse(List.of());
            }

            @Override
            public List<InstanceStatus> vrrpStatuses() {
                return vrrp.map(VrrpService::statuses).orElse(List.of());
            }

            @Override
            public List<VrrpStats> vrrpStats() {
                return vrrp.map(VrrpService::stats).orElse(List.of());
            }

            @Override
            public Optional<HealthState> health() {
                return health;
            }
        };
        String routerId = config.globalDefs().routerId().orElseGet(HealthService::hostName);
        return new Dumps(config, routerId, pid, DumpFiles.of(config.globalDefs().files(), env), source,
                Clock.systemDefaultZone(), nanoClock, log);
    }

    /** The dump's text now. */
    String text(DumpKind kind) {
        DumpClock clock = new DumpClock(wallClock.instant(), nanoClock.getAsLong(), wallClock.getZone());
        return switch (kind) {
            case DATA -> {
                StringBuilder out = new StringBuilder();
                GlobalDataDump.write(out, config.globalDefs(), routerId);
                if (!source.vrrpSettings().isEmpty()) {
                    VrrpDataDump.write(out, source.vrrpSettings(), source.vrrpStatuses(), config.syncGroups(), clock);
                }
                LvsDataDump.write(out, config.virtualServers(), source.health());
                yield out.toString();
            }
            case STATS -> StatsDump.text(source.vrrpStats());
            case JSON -> JsonDump.text(source.vrrpSettings(), source.vrrpStatuses(), source.vrrpStats(), clock);
        };
    }

    Path path(DumpKind kind) {
        return files.of(kind);
    }

    /** On a signal: logs it as keepalived does, writes the file; a failure is logged. */
    void onSignal(DumpKind kind) {
        log.accept(printing(kind) + " for process(" + pid + ") on signal");
        try {
            write(kind, text(kind));
        } catch (IOException e) {
            log.accept(failure(kind, e));
        }
    }

    /** {@code fulcrum dump}: writes the file and answers with its path and text, or EIO saying why. */
    ControlResponse answer(DumpKind kind) {
        log.accept(printing(kind) + " for process(" + pid + ") on request (fulcrum dump)");
        String text = text(kind);
        try {
            write(kind, text);
        } catch (IOException e) {
            String why = failure(kind, e);
            log.accept(why);
            return ControlResponse.error(Errno.EIO, why);
        }
        return new ControlResponse.Ok(new ControlResponse.Dumped(kind, path(kind).toString(), text));
    }

    private static String printing(DumpKind kind) {
        return switch (kind) {
            case DATA -> "Printing data";
            case STATS -> "Printing VRRP stats";
            case JSON -> "Printing VRRP as json";
        };
    }

    private String failure(DumpKind kind, IOException e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            reason = fs.getReason();
        }
        return "Can't open " + path(kind) + " (" + reason + ")";
    }

    private void write(DumpKind kind, String text) throws IOException {
        Path file = path(kind);
        if (Files.isSymbolicLink(file)) {
            throw new IOException("it is a symbolic link; refusing to write through it");
        }
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(ControlSocket.OWNER_ONLY))) {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }
}
