package io.fulcrum.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.uring.IoUringSocketChannel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Works around a Netty 4.2 io_uring defect (seen in 4.2.18; 4.2.20 has the same code) that stopped a half-closed
 * relay for good. The kernel adds POLLRDHUP to every io_uring poll (io_uring/poll.c, {@code IO_POLL_UNMASK}), so
 * once the peer's FIN has arrived, the POLLOUT poll Netty arms after a write that could not go out (EAGAIN)
 * completes at once with POLLRDHUP and without POLLOUT. Netty routes a poll completion by its bits, not by which poll
 * it was: it takes it for its read-side hang-up poll, and its "waiting for POLLOUT" flag stays set, which makes it
 * skip every later flush. Bytes stay queued, nothing is written again, the FIN behind them is never sent. After the
 * FIN, WRITEV towards a full socket is what returns EAGAIN (io_uring's internal poll wakes on the hang-up too, retries
 * once, then hands the write to a kernel worker, which gets EAGAIN from the non-blocking socket).
 *
 * <p>So when a channel's input has been shut down (its peer's FIN read) and something is written to it after that (or
 * is queued when the FIN is read; {@code TcpSession} calls this then, not for every FIN): the socket is made blocking,
 * so that a write the kernel worker takes over waits for room instead of ending in EAGAIN (io_uring still tries
 * every write without blocking first, and cancels a waiting one when the channel closes); and a channel already stuck
 * that way (the EAGAIN can come just before the FIN is read) gets its flag cleared and its queue flushed. That check
 * is repeated every
 * {@value #RECHECK_MILLIS} ms while the channel has bytes queued, for an EAGAIN still in flight when the FIN was read.
 * The cost: such a write (WRITEV, several buffers queued, towards a full socket; a single-buffer SEND waits in io_uring
 * itself) holds a kernel worker thread until the peer reads or the channel closes.
 * Done through Netty's private {@code LinuxSocket.makeBlocking} and {@code ioState}/{@code pollOutId} fields; with a
 * Netty that renamed them the defect stays and nothing else changes ({@link #available()}).
 */
final class UringPollOut {

    static final long RECHECK_MILLIS = 100;

    private static final Handles H = Handles.find();

    private UringPollOut() {
    }

    /** The private Netty members the work-around uses, or null fields when this Netty does not have them. */
    private record Handles(MethodHandle makeBlocking, VarHandle ioState, VarHandle pollOutId, int pollOutScheduled) {

        static Handles find() {
            try {
                Class<?> base = Class.forName("io.netty.channel.uring.AbstractIoUringChannel");
                Class<?> socket = Class.forName("io.netty.channel.uring.LinuxSocket");
                MethodHandles.Lookup b = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
                MethodHandles.Lookup s = MethodHandles.privateLookupIn(socket, MethodHandles.lookup());
                int flag = (int) b.findStaticVarHandle(base, "POLL_OUT_SCHEDULED", int.class).get();
                return new Handles(s.findStatic(socket, "makeBlocking", MethodType.methodType(int.class, int.class)),
                        b.findVarHandle(base, "ioState", byte.class), b.findVarHandle(base, "pollOutId", long.class),
                        flag);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return new Handles(null, null, null, 0);
            }
        }
    }

    /** Whether the work-around can be applied with this Netty. */
    static boolean available() {
        return H.makeBlocking() != null;
    }

    /**
     * {@code ch}'s input was shut down (its peer's FIN read) and it has, or is about to get, bytes to write; on its
     * event loop. Does nothing for channels of other transports.
     */
    static void inputShutdown(Channel ch) {
        if (!available() || !(ch instanceof IoUringSocketChannel uring) || !ch.isOpen()) {
            return;
        }
        try {
            H.makeBlocking().invoke(uring.fd().intValue());
        } catch (Throwable e) {
            return; // the descriptor is gone (closed meanwhile): nothing left to write
        }
        recheck(uring);
    }

    private static void recheck(IoUringSocketChannel ch) {
        if (!ch.isOpen()) {
            return;
        }
        unstick(ch);
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        if (out != null && out.totalPendingWriteBytes() > 0) {
            try {
                ch.eventLoop().schedule(() -> recheck(ch), RECHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down: it closes the channel
            }
        }
    }

    /**
     * Clears a "waiting for POLLOUT" that no poll will ever end and flushes; true when it did. A poll still in flight
     * is harmless afterwards: after the FIN it completes at once, and Netty then finds nothing to undo.
     */
    static boolean unstick(IoUringSocketChannel ch) {
        byte state = (byte) H.ioState().get(ch);
        if ((state & H.pollOutScheduled()) == 0) {
            return false;
        }
        H.ioState().set(ch, (byte) (state & ~H.pollOutScheduled()));
        H.pollOutId().set(ch, 0L);
        ch.unsafe().flush();
        return true;
    }
}
