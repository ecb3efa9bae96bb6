package io.fulcrum.daemon;

import io.fulcrum.control.UnixSockets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The daemon's control socket file and its lock. Opening it: creates the directory when missing, takes an
 * exclusive lock on {@code SOCKET.lock} for the daemon's lifetime (a second daemon on the same socket is refused),
 * replaces a stale socket file left by a daemon that died (never one something still listens on), and binds the
 * socket with mode 0600 (bound under a temporary name, restricted, then renamed into place, so it is never
 * reachable with wider permissions). Closing removes the socket and the lock file.
 */
final class ControlSocket implements AutoCloseable {

    /** sun_path holds 108 bytes with the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path socket;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocketChannel listener;

    private ControlSocket(Path socket, Path lockFile, FileChannel lockChannel, FileLock lock,
                          ServerSocketChannel listener) {
        this.socket = socket;
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.listener = listener;
    }

    static Path lockFileOf(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".lock");
    }

    /** Opens the socket at {@code path}; {@code log} hears about a replaced stale socket. */
    static ControlSocket open(Path path, Consumer<String> log) throws DaemonStartException {
        Path socket = path.toAbsolutePath().normalize();
        Path staging = socket.resolveSibling(socket.getFileName() + ".new");
        if (staging.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new DaemonStartException("control socket path " + socket + " is too long for a Unix socket ("
                    + "at most " + (MAX_PATH_BYTES - 4) + " bytes); give a shorter --socket PATH");
        }
        createDirectory(socket);
        Path lockFile = lockFileOf(socket);
        FileChannel channel = openLockFile(socket, lockFile);
        FileLock lock = null;
        try {
            lock = tryLock(channel);
            if (lock == null) {
                throw new DaemonStartException("another Fulcrum daemon is already running on control socket "
                        + socket + " (it holds " + lockFile + "); stop it first, or give this one another"
                        + " --socket PATH");
            }
            removeStale(socket, log);
            ServerSocketChannel listener = bind(socket, staging);
            return new ControlSocket(socket, lockFile, channel, lock, listener);
        } catch (DaemonStartException | RuntimeException e) {
            release(channel, lock);
            throw e;
        }
    }

    private static void createDirectory(Path socket) throws DaemonStartException {
        Path dir = socket.getParent();
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DaemonStartException("cannot create the directory " + dir + " for the control socket "
                    + socket + ": " + reason(e) + hint());
        }
    }

    private static FileChannel openLockFile(Path socket, Path lockFile) throws DaemonStartException {
        try {
            return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (IOException e) {
            throw new DaemonStartException("cannot create the lock file " + lockFile + " of the control socket "
                    + socket + ": " + reason(e) + hint());
        }
    }

    private static FileLock tryLock(FileChannel channel) throws DaemonStartException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another daemon in this same process (tests)
        } catch (IOException e) {
            throw new DaemonStartException("cannot lock " + channel + ": " + reason(e));
        }
    }

    /** A socket file nobody listens on is left by a daemon that died: remove it. A live one is refused. */
    private static void removeStale(Path socket, Consumer<String> log) throws DaemonStartException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(socket,
                LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(socket)) {
            throw new DaemonStartException(socket + " exists and is not a socket; refusing to replace it "
                    + "(remove it, or give another --socket PATH)");
        }
        try (SocketChannel _ = UnixSockets.connect(socket)) {
            throw new DaemonStartException("something is listening on " + socket + " without holding "
                    + lockFileOf(socket) + "; refusing to take the socket over (stop it, or give another"
                    + " --socket PATH)");
        } catch (ConnectException e) {
            log.accept("Replacing stale control socket " + socket + " (left by a daemon that did not stop cleanly)");
        } catch (SocketException e) {
            log.accept("Replacing stale control socket " + socket + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DaemonStartException("cannot check the existing control socket " + socket + ": " + reason(e));
        }
    }

    private static ServerSocketChannel bind(Path socket, Path staging) throws DaemonStartException {
        ServerSocketChannel listener = null;
        try {
            Files.deleteIfExists(staging);
            listener = UnixSockets.listen(staging);
            Files.setPosixFilePermissions(staging, OWNER_ONLY);
            Files.move(staging, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return listener;
        } catch (IOException e) {
            if (listener != null) {
                try {
                    listener.close();
                    Files.deleteIfExists(staging);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new DaemonStartException("cannot create the control socket " + socket + ": " + reason(e)
                    + hint());
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String hint() {
        return " (run as root for the default location, or give --socket PATH / FULCRUM_SOCKET in a directory"
                + " you can write)";
    }

    private static void release(FileChannel channel, FileLock lock) {
        try {
            if (lock != null) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // the process is giving up on this socket anyway
        }
    }

    Path path() {
        return socket;
    }

    ServerSocketChannel listener() {
        return listener;
    }

    /** Closes the listener, removes the socket and the lock file, then releases the lock. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        try {
            listener.close();
        } catch (IOException e) {
            failure = e;
        }
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(lockFile);
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        release(lockChannel, lock);
        if (failure != null) {
            throw failure;
        }
    }
}
