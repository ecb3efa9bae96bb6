package io.fulcrum.lab;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.function.Consumer;

/** The socket layer: Linux's native epoll (Netty's library), Java NIO, or epoll when it loads and NIO otherwise. */
public enum BackendTransport {
    AUTO, EPOLL, NIO;

    /**
     * EPOLL or NIO. AUTO falls back to NIO and says why through {@code notes}; EPOLL fails when it cannot load.
     */
    BackendTransport resolve(Consumer<String> notes) throws BackendException {
        return switch (this) {
            case NIO -> NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new BackendException("native epoll is unavailable: " + why());
                }
                yield EPOLL;
            }
            case AUTO -> {
                if (Epoll.isAvailable()) {
                    yield EPOLL;
                }
                notes.accept("native epoll is unavailable (" + why() + "); using Java NIO");
                yield NIO;
            }
        };
    }

    private static String why() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? "unknown reason" : String.valueOf(cause.getMessage());
    }

    IoHandlerFactory ioHandlers() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
            case AUTO -> throw new IllegalStateException("resolve AUTO first");
        };
    }

    Class<? extends ServerChannel> serverChannel() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
            case AUTO -> throw new IllegalStateException("resolve AUTO first");
        };
    }
}
