package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Test helper for tests outside this package: a dedicated platform thread that has entered the named network
 * namespace ({@code /var/run/netns/NAME}) with setns(2). What runs on it (sockets, rtnetlink, /proc/sys/net files,
 * TUN interfaces) belongs to that namespace; the rest of the JVM stays where it was. Several may exist for one
 * namespace, e.g. one running a loop and one for set-up.
 */
public final class NetnsThread implements AutoCloseable {

    private final ExecutorService executor;

    private NetnsThread(String namespace) {
        this.executor = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("netns-" + namespace).unstarted(r));
    }

    /** A thread in namespace {@code namespace} (which must exist). */
    public static NetnsThread enter(String namespace) throws Exception {
        NetnsThread t = new NetnsThread(namespace);
        try {
            t.call(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    int fd = Libc.openReadOnly(arena, "/var/run/netns/" + namespace);
                    try {
                        Libc.setns(arena, fd, Libc.CLONE_NEWNET);
                    } finally {
                        Libc.close(arena, fd);
                    }
                }
                return null;
            });
            return t;
        } catch (Exception e) {
            t.close();
            throw e;
        }
    }

    /** Runs {@code task} on the thread and returns its result (its exception unwrapped); waits at most 30 s. */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return executor.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Starts {@code task} on the thread without waiting (for a loop that runs until told to stop). */
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
