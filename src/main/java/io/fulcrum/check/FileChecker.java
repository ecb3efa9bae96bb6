package io.fulcrum.check;

import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.TrackFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@code FILE_CHECK}: follows the number in a track_file's file, with keepalived's rules (track_file.c): the first
 * 127 bytes are read as C's {@code strtol(.., 0)} (decimal, 0x hex or 0 octal; a missing, empty, unreadable or
 * non-regular file is 0; a number beyond the range of an int is logged and ignored, keeping the last value). With
 * weight 0 a non-zero value is down (reversed: a zero value is down). Otherwise the status is value x weight (x -1
 * reversed), kept within -2147483647..2147483646, and a status of -2147483647 (keepalived's fault value) is down;
 * with {@code dynamic} the real server's weight becomes its configured weight plus the status (at least 0).
 *
 * <p>keepalived watches the file with inotify and reacts when it is written, moved or removed; Fulcrum reads the
 * file on each probe instead, so a change is seen at the runner's next probe rather than at once.
 */
public final class FileChecker implements Checker {

    static final int READ_LIMIT = 127;
    static final long WEIGHT_MAX = Integer.MAX_VALUE;

    private final TrackFile file;
    private final CheckTarget target;
    private final boolean dynamic;
    private final boolean reverse;
    private final long multiplier;
    private final Consumer<String> log;
    private volatile long lastValue;

    public FileChecker(FileCheck spec, CheckTarget target, TrackFile file) {
        this(spec, target, file, line -> { });
    }

    /** As {@link #FileChecker(FileCheck, CheckTarget, TrackFile)}, logging a number that cannot be used. */
    public FileChecker(FileCheck spec, CheckTarget target, TrackFile file, Consumer<String> log) {
        Objects.requireNonNull(spec, "spec");
        this.target = Objects.requireNonNull(target, "target");
        this.file = Objects.requireNonNull(file, "file");
        this.log = Objects.requireNonNull(log, "log");
        if (!spec.trackFile().equals(file.name())) {
            throw new IllegalArgumentException("FILE_CHECK follows track_file " + spec.trackFile() + ", not "
                    + file.name());
        }
        this.dynamic = spec.dynamic();
        int weight = spec.weight().isPresent() ? spec.weight().getAsInt() : file.weight();
        this.reverse = spec.weight().isPresent() ? spec.reverse() : file.reverse();
        this.multiplier = (long) weight * (reverse ? -1 : 1);
    }

    @Override
    public String kind() {
        return "FILE_CHECK";
    }

    @Override
    public ProbeResult probe() {
        long value = read();
        if (multiplier == 0) {
            // weight 0: any non-zero value is a failure (reversed: zero is); the real server's weight is untouched
            boolean down = (value != 0) != reverse;
            return down ? fault() : dynamic ? weighted(0) : ProbeResult.Success.plain();
        }
        long status = clamp(value * multiplier);
        if (status == -WEIGHT_MAX) {
            return fault();
        }
        return dynamic ? weighted(status) : ProbeResult.Success.plain();
    }

    private ProbeResult weighted(long status) {
        long weight = Math.max(0, Math.min(WEIGHT_MAX, target.realServer().weight() + status));
        return new ProbeResult.Success(OptionalLong.of(weight));
    }

    private ProbeResult.Failure fault() {
        return new ProbeResult.Failure("(" + target.rsName() + "): tracked file " + file.name() + " now FAULT state");
    }

    /** value x weight overflows a long only beyond any int value times any int weight; clamp to keepalived's range. */
    private static long clamp(long status) {
        return Math.max(-WEIGHT_MAX, Math.min(WEIGHT_MAX - 1, status));
    }

    private long read() {
        Path path = Path.of(file.file());
        if (!Files.isRegularFile(path)) {
            lastValue = 0;
            return 0;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(READ_LIMIT);
        } catch (IOException e) {
            lastValue = 0;
            return 0;
        }
        CNumber.Parsed parsed = CNumber.strtol(new String(head, StandardCharsets.ISO_8859_1));
        if (parsed.overflow() || parsed.value() < Integer.MIN_VALUE || parsed.value() > Integer.MAX_VALUE) {
            log.accept("Invalid number " + parsed.value() + " read from " + file.file() + " - ignoring");
            return lastValue;
        }
        lastValue = parsed.value();
        return parsed.value();
    }

    /** Reading a small local file: well under a second. */
    @Override
    public Duration timeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    public String upLine() {
        return "(" + target.rsName() + "): tracked file " + file.name() + " leaving FAULT state";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return fault().line();
    }
}
