package io.fulcrum.notify;

import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A notify FIFO opened as keepalived opens it (notify.c): created with mode 0644 when missing (and then owned by
 * the configured user and group), its reader script started with the FIFO's path as last argument, then opened
 * read-write so that opening never waits for a reader and lines written without one wait in the pipe. An existing
 * file that is not a FIFO owned by us (or by the configured owner) is refused.
 *
 * <p>{@link #write} never blocks: lines go through a bounded queue to a writer thread. keepalived writes with
 * O_NONBLOCK and loses what does not fit in the pipe; the JDK cannot open a FIFO non-blocking, so here the writer
 * thread may wait on a full pipe and lines beyond the queue are dropped (and counted, with one log line until the
 * writer has caught up again).
 */
public final class NotifyFifo implements AutoCloseable {

    static final int QUEUE_LINES = 1024;
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private final Path path;
    private final String type;
    private final boolean created;
    private final FileChannel channel;
    private final Optional<RunningScript> script;
    private final Consumer<String> log;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private final Thread writer;
    private volatile boolean closed;

    private NotifyFifo(Path path, String type, boolean created, FileChannel channel, Optional<RunningScript> script,
            Consumer<String> log) {
        this.path = path;
        this.type = type;
        this.created = created;
        this.channel = channel;
        this.script = script;
        this.log = log;
        this.writer = Thread.ofPlatform().daemon().name("notify-fifo " + path).unstarted(this::drain);
    }

    /**
     * Opens the FIFO of {@code spec}; empty (after a keepalived-shaped log line) when it cannot be created, opened
     * or trusted.
     *
     * @param type    keepalived's prefix for its messages: {@code ""}, {@code "vrrp_"} or {@code "lvs_"}
     * @param scripts runs the FIFO's reader script, if it has one
     */
    public static Optional<NotifyFifo> open(io.fulcrum.config.model.NotifyFifo spec, String type,
            ScriptRunner scripts, Consumer<String> log) {
        Path path = Path.of(spec.path());
        boolean created = false;
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (!mkfifo(path)) {
                log.accept("Unable to create " + type + "notify fifo " + path);
                return Optional.empty();
            }
            created = true;
            spec.owner().ifPresent(owner -> chown(path, owner, log));
        }
        Optional<RunningScript> script = spec.script().map(s -> scripts.start(withPath(s, path)));
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            log.accept("Unable to open " + type + "notify fifo " + path + " - " + e.getMessage());
            abandon(path, created, script);
            return Optional.empty();
        }
        if (!isOurFifo(path, spec.owner())) {
            log.accept(type + "notify fifo " + path + " is not a fifo we own - not using");
            closeQuietly(channel);
            abandon(path, created, script);
            return Optional.empty();
        }
        NotifyFifo fifo = new NotifyFifo(path, type, created, channel, script, log);
        script.ifPresent(s -> s.end().thenAccept(end -> {
            if (!fifo.closed) {
                log.accept(type + "notify fifo script " + s.pid().map(String::valueOf).orElse("") + " terminated: "
                        + end);
            }
        }));
        fifo.writer.start();
        return Optional.of(fifo);
    }

    private static ScriptSpec withPath(ScriptSpec s, Path path) {
        List<String> argv = new ArrayList<>(s.argv());
        argv.add(path.toString());
        return new ScriptSpec(argv, s.user(), s.group());
    }

    private static boolean mkfifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "644", "--", path.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void chown(Path path, RunAs owner, Consumer<String> log) {
        try {
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setOwner(users.lookupPrincipalByName(owner.user()));
            if (owner.group().isPresent()) {
                view.setGroup(users.lookupPrincipalByGroupName(owner.group().get()));
            }
        } catch (IOException | UnsupportedOperationException e) {
            log.accept("Failed to set uid:gid for fifo " + path);
        }
    }

    private static boolean isOurFifo(Path path, Optional<RunAs> owner) {
        try {
            Map<String, Object> attrs = Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
            if (((Integer) attrs.get("mode") & S_IFMT) != S_IFIFO) {
                return false;
            }
            UserPrincipal fileOwner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
            if (fileOwner.equals(Files.getOwner(Path.of("/proc/self")))) {
                return true;
            }
            if (owner.isPresent()) {
                return fileOwner.equals(path.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(owner.get().user()));
            }
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void abandon(Path path, boolean created, Optional<RunningScript> script) {
        script.ifPresent(RunningScript::stop);
        if (created) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // nothing more to do: it was ours and unusable
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a descriptor we are giving up on
        }
    }

    public Path path() {
        return path;
    }

    /** How many lines were dropped because the pipe and the queue were full. */
    public long dropped() {
        return dropped.get();
    }

    /** Queues {@code line}; returns at once, false when the line was dropped (queue full, or closed). */
    public boolean write(FifoLine line) {
        if (closed) {
            return false;
        }
        if (queue.offer(line.text())) {
            return true;
        }
        dropped.incrementAndGet();
        if (dropping.compareAndSet(false, true)) {
            log.accept(type + "notify fifo " + path + " is full (is its reader running?) - dropping lines");
        }
        return false;
    }

    private void drain() {
        try {
            while (!closed) {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (queue.isEmpty()) {
                    dropping.set(false);
                }
            }
        } catch (InterruptedException | IOException e) {
            // closed: by close(), or by an interrupt that closed the channel under a blocked write
        }
    }

    /**
     * Removes the FIFO if we created it (first, as keepalived does, so a reader looping on it cannot reopen it),
     * stops the writer (even when it waits on a full pipe), closes the descriptor and stops the reader script.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (created) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                log.accept("Unable to remove " + type + "notify fifo " + path + " - " + e.getMessage());
            }
        }
        writer.interrupt();
        closeQuietly(channel);
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        script.ifPresent(RunningScript::stop);
    }
}
