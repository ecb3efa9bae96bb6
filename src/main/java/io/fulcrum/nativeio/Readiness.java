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
        if (!awaitUnlessInterrupted(arena, fd, deadlineNanos, true)) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException(what + " interrupted");
            }
            return false;
        }
        return true;
    }

    /**
     * As {@link #await}, for answers that come at once (the kernel's to a netlink request): the interrupt status is
     * left set for the caller and does not stop the wait.
     */
    static boolean awaitIgnoringInterrupts(Arena arena, int fd, long deadlineNanos) throws NativeException {
        return awaitUnlessInterrupted(arena, fd, deadlineNanos, false);
    }

    private static boolean awaitUnlessInterrupted(Arena arena, int fd, long deadlineNanos, boolean interruptible)
            throws NativeException {
        while (true) {
            if (interruptible && Thread.currentThread().isInterrupted()) {
                return false;
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
