package io.fulcrum.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** One connection to a daemon's control socket: requests answered one at a time, in order. */
public final class ControlClient implements AutoCloseable {

    /** The protocol this build speaks; a hello with another version is refused. */
    public static final int PROTOCOL_VERSION = 1;

    private final SocketChannel channel;
    private final ControlCodec codec = new ControlCodec();

    private ControlClient(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects to the socket at {@code path}. */
    public static ControlClient connect(Path path) throws IOException {
        return new ControlClient(UnixSockets.connect(path));
    }

    /** Sends one request and waits for its answer. */
    public ControlResponse call(ControlRequest request) throws IOException, FrameException {
        Frames.write(channel, codec.encode(request));
        byte[] body = Frames.read(channel, Frames.MAX_RESPONSE_BYTES).orElseThrow(
                () -> new FrameException(FrameException.Reason.TRUNCATED,
                        "the daemon closed the connection without answering"));
        return codec.decodeResponse(body);
    }

    /** Says hello with this build's protocol version; the answer is the daemon's welcome or its refusal. */
    public ControlResponse hello(String client) throws IOException, FrameException {
        return call(new ControlRequest.Hello(PROTOCOL_VERSION, client));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
