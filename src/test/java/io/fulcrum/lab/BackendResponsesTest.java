package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact bytes of each answer. */
class BackendResponsesTest {

    private static final BackendAddress AT = BackendAddress.parse("192.0.2.10:80");
    private static final BackendSettings SETTINGS = BackendSettings.of(List.of(AT)).withText("This is Real Server1");

    private static String text(BackendResponses r, BackendAnswer a, boolean http11, boolean keepAlive, boolean head) {
        return new String(r.render(a, http11, keepAlive, head), StandardCharsets.UTF_8);
    }

    @Test
    void pageOverHttp10AsKeepalivedsCheckerGetsIt() {
        assertThat(text(new BackendResponses(SETTINGS, AT), BackendAnswer.PAGE, false, false, false)).isEqualTo(
                "HTTP/1.0 200 OK\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n"
                        + "Content-Length: 21\r\n"
                        + "X-Fulcrum-Backend: 192.0.2.10:80\r\n"
                        + "Connection: close\r\n"
                        + "\r\n"
                        + "This is Real Server1\n");
    }

    @Test
    void connectionHeaderOnlyWhenItDiffersFromTheVersionsDefault() {
        BackendResponses r = new BackendResponses(SETTINGS, AT);
        assertThat(text(r, BackendAnswer.PAGE, true, true, false)).doesNotContain("Connection:");
        assertThat(text(r, BackendAnswer.PAGE, true, false, false)).contains("Connection: close\r\n");
        assertThat(text(r, BackendAnswer.PAGE, false, true, false)).contains("Connection: keep-alive\r\n");
    }

    @Test
    void headIsTheGetWithoutItsBody() {
        BackendResponses r = new BackendResponses(SETTINGS, AT);
        String get = text(r, BackendAnswer.PAGE, true, true, false);
        assertThat(get).startsWith(text(r, BackendAnswer.PAGE, true, true, true))
                .endsWith("\r\n\r\nThis is Real Server1\n");
        assertThat(text(r, BackendAnswer.PAGE, true, true, true)).endsWith("\r\n\r\n");
    }

    @Test
    void failuresAndRefusalsSayTheirStatusInTheBody() {
        BackendResponses r = new BackendResponses(SETTINGS.withFailAfter(0, new BackendFailure.Status(502)), AT);
        assertThat(text(r, BackendAnswer.FAILURE, true, true, false))
                .startsWith("HTTP/1.1 502 Bad Gateway\r\n").endsWith("\r\n\r\n502 Bad Gateway\n");
        assertThat(text(r, BackendAnswer.NOT_ALLOWED, true, true, false))
                .contains("Allow: GET, HEAD\r\n").endsWith("405 Method Not Allowed\n");
        assertThat(text(r, BackendAnswer.BAD_REQUEST, true, false, false))
                .startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n");
    }

    @Test
    void aHangUpIsNoBytes() {
        BackendResponses r = new BackendResponses(SETTINGS.withFailAfter(0, new BackendFailure.Close()), AT);
        assertThat(r.hangsUp(BackendAnswer.FAILURE)).isTrue();
        assertThat(r.hangsUp(BackendAnswer.PAGE)).isFalse();
        assertThat(r.render(BackendAnswer.FAILURE, true, true, false)).isEmpty();
    }

    @Test
    void theDefaultTextNamesTheListenerAndTheStatusLeavesTheBody() {
        BackendSettings s = BackendSettings.of(List.of(AT)).withStatus(404);
        BackendResponses r = new BackendResponses(s, AT);
        assertThat(text(r, BackendAnswer.PAGE, true, true, false))
                .startsWith("HTTP/1.1 404 Not Found\r\n").endsWith("fulcrum backend 192.0.2.10:80\n");
    }

    @Test
    void buffersAreIndependentCopiesOfTheRenderedBytes() {
        BackendResponses r = new BackendResponses(SETTINGS, AT);
        ByteBuf a = r.response(BackendAnswer.PAGE, true, true, false);
        ByteBuf b = r.response(BackendAnswer.PAGE, true, true, false);
        a.skipBytes(a.readableBytes());
        assertThat(a.release()).as("shared bytes are never freed by a write").isFalse();
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        assertThat(bytes).isEqualTo(r.render(BackendAnswer.PAGE, true, true, false));
    }

    @Test
    void utf8TextIsCountedInBytes() {
        BackendResponses r = new BackendResponses(BackendSettings.of(List.of(AT)).withText("Server é"), AT);
        assertThat(text(r, BackendAnswer.PAGE, true, true, false)).contains("Content-Length: 10\r\n");
    }
}
