package io.fulcrum.nativeio;

import java.lang.foreign.Arena;

/**
 * Waiting for a descriptor to become readable in short poll slices, so that an interrupted thread stops promptly
 * (a thread blocked in poll(2) does not see {@link Thread#interrupt()}).
 */
final class Readiness {

    static final int POLL_SLICE_MILLIS = 50;

    private Readiness() {
    }

    /**
     * Waits until {@code fd} is readable (or reports an error) or {@code System.nanoTime()} passes
     * {@code deadlineNanos}.
     *
     * @return whether the descriptor is ready
     * @throws InterruptedException when the calling thread is interrupted, naming {@code what} was waited for
     */
    static boolean await(Arena arena, int fd, long deadlineNanos, String what)
            throws NativeException, InterruptedException {
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(what + " interrupted");
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            int slice = (int) Math.min(POLL_SLICE_MILLIS, Math.max(1, left / 1_000_000));
            if (Libc.poll(arena, fd, slice) != 0) {
                return true;
            }
        }
    }
}
