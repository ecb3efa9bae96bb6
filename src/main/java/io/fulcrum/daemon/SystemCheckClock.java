package io.fulcrum.daemon;

import io.fulcrum.check.CheckClock;
import java.util.concurrent.locks.LockSupport;

/** The checkers' clock: the JVM's monotonic clock, and parking until a deadline. */
final class SystemCheckClock implements CheckClock {

    @Override
    public long nanos() {
        return System.nanoTime();
    }

    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
        for (long left; (left = deadlineNanos - System.nanoTime()) > 0; ) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
