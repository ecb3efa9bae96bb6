package io.fulcrum.nativeio;

import java.util.concurrent.Callable;

/**
 * Test helper of this package: a {@link NetnsThread} (one platform thread that has entered a named network
 * namespace with setns(2)) that also knows its namespace's name. What runs on it opens its sockets in that
 * namespace, and they stay there for good, whichever thread uses them later.
 */
final class NamespaceThread implements AutoCloseable {

    private final String namespace;
    private final NetnsThread thread;

    NamespaceThread(String namespace) throws Exception {
        this.namespace = namespace;
        this.thread = NetnsThread.enter(namespace);
    }

    /** Runs {@code task} on the namespace's thread and returns its result (its exception unwrapped). */
    <T> T call(Callable<T> task) throws Exception {
        return thread.call(task);
    }

    String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        thread.close();
    }
}
