package io.fulcrum.control;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Serves the control protocol on a listening Unix socket: one virtual thread per client, requests answered in
 * order. A malformed frame gets an EPROTO error response; the client's connection is closed only when the frame
 * cannot be skipped (truncated or too large). Nothing a client sends stops the server.
 */
public final class ControlServer implements AutoCloseable {

    private final ServerSocketChannel listener;
    private final ControlHandler handler;
    private final Consumer<String> log;
    private final ControlCodec codec = new ControlCodec();
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong clientIds = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closing;

    private ControlServer(ServerSocketChannel listener, ControlHandler handler, Consumer<String> log) {
        this.listener = listener;
        this.handler = handler;
        this.log = log;
        this.acceptor = Thread.ofVirtual().name("fulcrum-control-accept").unstarted(this::acceptLoop);
    }

    /** Starts serving {@code listener} (already bound); {@code log} receives one line per notable event. */
    public static ControlServer start(ServerSocketChannel listener, ControlHandler handler, Consumer<String> log) {
        ControlServer s = new ControlServer(listener, handler, log);
        s.acceptor.start();
        return s;
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    log.accept("control socket: accept failed: " + e.getMessage());
                }
                continue;
            }
            clients.add(ch);
            if (closing) {
                // close() may have run between accept and add: it did not see this client
                closeQuietly(ch);
                return;
            }
            Thread.ofVirtual().name("fulcrum-control-client-" + clientIds.incrementAndGet())
                    .start(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            while (true) {
                Optional<byte[]> frame;
                try {
                    frame = Frames.read(ch, Frames.MAX_REQUEST_BYTES);
                } catch (FrameException e) {
                    // the stream cannot be resynchronised: answer, then close
                    reply(ch, refusal(e));
                    return;
                }
                if (frame.isEmpty()) {
                    return;
                }
                ControlResponse response;
                try {
                    response = handle(codec.decodeRequest(frame.get()));
                } catch (FrameException e) {
                    response = refusal(e);
                }
                reply(ch, response);
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        } finally {
            clients.remove(ch);
        }
    }

    private ControlResponse handle(ControlRequest request) {
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            log.accept("control socket: internal error answering " + request.getClass().getSimpleName() + ": " + e);
            return ControlResponse.error(Errno.EIO, "internal error in the daemon answering "
                    + request.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static ControlResponse refusal(FrameException e) {
        return ControlResponse.error(Errno.EPROTO, "malformed request: " + e.getMessage());
    }

    private void reply(SocketChannel ch, ControlResponse response) throws IOException {
        byte[] body = codec.encode(response);
        if (body.length > Frames.MAX_RESPONSE_BYTES) {
            body = codec.encode(ControlResponse.error(Errno.EMSGSIZE, "the answer is " + body.length
                    + " bytes, over the " + Frames.MAX_RESPONSE_BYTES + "-byte frame limit"));
        }
        Frames.write(ch, body);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Clients connected now. */
    public int clientCount() {
        return clients.size();
    }

    /** Stops accepting, closes every client connection and waits briefly for the acceptor to end. */
    @Override
    public void close() {
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            log.accept("control socket: close failed: " + e.getMessage());
        }
        clients.forEach(ControlServer::closeQuietly);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
