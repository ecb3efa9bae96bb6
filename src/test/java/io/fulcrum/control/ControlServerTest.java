package io.fulcrum.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server and the client over a real Unix socket in a temporary directory. */
class ControlServerTest {

    @TempDir
    Path dir;

    private Path socket;
    private ControlServer server;
    private final List<ControlRequest> handled = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final ControlCodec codec = new ControlCodec();

    /** Answers a hello with a welcome, GetTimeouts with 900 120 300, Clear with an error; records everything. */
    private ControlResponse handle(ControlRequest r) {
        handled.add(r);
        return switch (r) {
            case ControlRequest.Hello h -> new ControlResponse.Ok(new ControlResponse.Welcome(1, "test", 1));
            case ControlRequest.GetTimeouts t -> new ControlResponse.Ok(new ControlResponse.Timeouts(900, 120, 300));
            case ControlRequest.Clear c -> throw new IllegalStateException("boom");
            default -> ControlResponse.done();
        };
    }

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("c.sock");
        server = ControlServer.start(UnixSockets.listen(socket), this::handle, log::add);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aClientSendsRequestsAndGetsTheAnswersInOrder() throws Exception {
        try (ControlClient c = ControlClient.connect(socket)) {
            assertThat(c.hello("test")).isEqualTo(new ControlResponse.Ok(new ControlResponse.Welcome(1, "test", 1)));
            for (ControlRequest r : ControlSamples.requests()) {
                ControlResponse answer = c.call(r);
                if (r instanceof ControlRequest.Clear) {
                    assertThat(answer).isInstanceOf(ControlResponse.Error.class);
                } else if (r instanceof ControlRequest.GetTimeouts) {
                    assertThat(answer).isEqualTo(new ControlResponse.Ok(new ControlResponse.Timeouts(900, 120, 300)));
                }
            }
        }
        assertThat(handled.subList(1, handled.size())).isEqualTo(ControlSamples.requests());
    }

    @Test
    void aHandlerFailureIsAnEioAnswerAndTheConnectionGoesOn() throws Exception {
        try (ControlClient c = ControlClient.connect(socket)) {
            ControlResponse r = c.call(new ControlRequest.Clear());
            assertThat(r).isEqualTo(ControlResponse.error(Errno.EIO,
                    "internal error in the daemon answering Clear: boom"));
            assertThat(c.call(new ControlRequest.GetTimeouts())).isInstanceOf(ControlResponse.Ok.class);
        }
        assertThat(log).anyMatch(l -> l.contains("internal error answering Clear"));
    }

    private static byte[] frame(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + b.length).putInt(b.length).put(b).array();
    }

    private ControlResponse readAnswer(SocketChannel ch) throws Exception {
        return codec.decodeResponse(Frames.read(ch, Frames.MAX_RESPONSE_BYTES).orElseThrow());
    }

    private static void send(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    @Test
    void malformedFramesAreAnsweredWithEprotoAndTheConnectionKeepsServing() throws Exception {
        try (SocketChannel ch = UnixSockets.connect(socket)) {
            String[] bad = {"not json", "{\"type\":\"frobnicate\"}", "{\"type\":\"delete-service\"}",
                "{\"type\":\"set-timeouts\",\"tcp\":1,\"tcpFin\":2,\"udp\":3,\"extra\":4}", ""};
            for (String body : bad) {
                send(ch, frame(body));
                ControlResponse r = readAnswer(ch);
                assertThat(r).isInstanceOfSatisfying(ControlResponse.Error.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EPROTO);
                    assertThat(e.message()).startsWith("malformed request: ");
                });
            }
            send(ch, frame("{\"type\":\"get-timeouts\"}"));
            assertThat(readAnswer(ch)).isEqualTo(new ControlResponse.Ok(new ControlResponse.Timeouts(900, 120, 300)));
        }
        assertThat(handled).containsExactly(new ControlRequest.GetTimeouts());
    }

    @Test
    void anOversizedFrameIsAnsweredThenTheConnectionIsClosed() throws Exception {
        try (SocketChannel ch = UnixSockets.connect(socket)) {
            send(ch, ByteBuffer.allocate(4).putInt(Frames.MAX_REQUEST_BYTES + 1).array());
            ControlResponse r = readAnswer(ch);
            assertThat(r).isEqualTo(ControlResponse.error(Errno.EPROTO, "malformed request: frame too large: a frame"
                    + " of 1048577 bytes was announced; the limit is 1048576"));
            assertThat(Frames.read(ch, 100)).isEmpty();
        }
        assertStillServing();
    }

    @Test
    void aTruncatedFrameIsAnsweredWhenTheClientStillListens() throws Exception {
        try (SocketChannel ch = UnixSockets.connect(socket)) {
            send(ch, new byte[] {0, 0, 0, 50, '{'});
            ch.shutdownOutput();
            ControlResponse r = readAnswer(ch);
            assertThat(r).isEqualTo(ControlResponse.error(Errno.EPROTO, "malformed request: truncated frame: the"
                    + " connection closed after 1 of the 50 bytes the frame announced"));
        }
        assertStillServing();
    }

    @Test
    void aClientVanishingMidFrameHarmsNobody() throws Exception {
        try (SocketChannel ch = UnixSockets.connect(socket)) {
            send(ch, new byte[] {0, 0});
        }
        assertStillServing();
    }

    @Test
    void manyClientsAtOnce() throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<ControlResponse>> answers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            answers.add(pool.submit(() -> {
                try (ControlClient c = ControlClient.connect(socket)) {
                    c.hello("client");
                    return c.call(new ControlRequest.GetTimeouts());
                }
            }));
        }
        for (Future<ControlResponse> f : answers) {
            assertThat(f.get()).isEqualTo(new ControlResponse.Ok(new ControlResponse.Timeouts(900, 120, 300)));
        }
        pool.close();
    }

    @Test
    void closingStopsAcceptingAndDropsConnectedClients() throws Exception {
        try (ControlClient c = ControlClient.connect(socket)) {
            c.hello("x");
            server.close();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.call(new ControlRequest.GetTimeouts()))
                    .isInstanceOfAny(IOException.class, FrameException.class);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ControlClient.connect(socket))
                .isInstanceOf(IOException.class);
    }

    private void assertStillServing() throws Exception {
        try (ControlClient c = ControlClient.connect(socket)) {
            assertThat(c.call(new ControlRequest.GetTimeouts())).isInstanceOf(ControlResponse.Ok.class);
        }
    }
}
