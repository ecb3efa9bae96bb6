package io.fulcrum.dataplane.proxy;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollIoOps;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Works around a Netty 4.2 epoll defect (seen in 4.2.18 and 4.2.20): when a channel's epoll interest set becomes
 * empty — which is what happens once its input is shut down (EOF with ALLOW_HALF_CLOSURE) while it has nothing
 * pending to write — {@code EpollIoHandler.DefaultEpollIoRegistration.submit} removes the descriptor from epoll
 * (EPOLL_CTL_DEL) but keeps its state "added". The next write that cannot complete at once asks for EPOLLOUT with
 * EPOLL_CTL_MOD, which fails with ENOENT, and Netty shuts the channel's output: a half-closed relay loses the rest
 * of the other direction. Adding EPOLLERR to the channel's interest set keeps it from ever being empty; the kernel
 * reports EPOLLERR whether asked or not, so nothing else changes. Done through Netty's protected
 * {@code AbstractEpollChannel.setFlag}; without it (a Netty that renamed it) the defect stays and nothing else
 * breaks.
 */
final class EpollPin {

    private static final MethodHandle SET_FLAG = setFlag();

    private EpollPin() {
    }

    private static MethodHandle setFlag() {
        try {
            Class<?> base = AbstractEpollStreamChannel.class.getSuperclass(); // AbstractEpollChannel, package-private
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
            return l.findVirtual(base, "setFlag", MethodType.methodType(void.class, int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the work-around can be applied with this Netty. */
    static boolean available() {
        return SET_FLAG != null;
    }

    /**
     * Keeps {@code ch}'s epoll registration non-empty, for a native epoll channel only: before it is registered (no
     * system call then; its registration carries the flag) or on its event loop.
     */
    static void pin(Channel ch) {
        if (SET_FLAG == null || !(ch instanceof AbstractEpollStreamChannel epoll)) {
            return;
        }
        try {
            SET_FLAG.invoke(epoll, EpollIoOps.EPOLLERR.value());
        } catch (Throwable e) {
            ch.pipeline().fireExceptionCaught(e);
        }
    }
}
