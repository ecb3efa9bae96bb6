package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: one dedicated platform thread that has entered a named network namespace with setns(2) (open
 * /var/run/netns/NAME, setns(fd, CLONE_NEWNET)). What runs on it opens its sockets in that namespace, and they stay
 * there for good, whichever thread uses them later. The rest of the JVM stays where it was.
 */
final class NamespaceThread implements AutoCloseable {

    private final String namespace;
    private final ExecutorService executor;

    NamespaceThread(String namespace) throws Exception {
        this.namespace = namespace;
        this.executor = Executors.newSingleThreadExecutor(
                r -> Thread.ofPlatform().daemon().name("netns-" + namespace).unstarted(r));
        call(() -> {
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
    }

    /** Runs {@code task} on the namespace's thread and returns its result (its exception unwrapped). */
    <T> T call(Callable<T> task) throws Exception {
        try {
            return executor.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    String namespace() {
        return namespace;
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
