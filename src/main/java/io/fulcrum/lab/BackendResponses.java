package io.fulcrum.lab;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Every answer one listener gives, rendered to bytes once (status line, headers and body): a request then costs a
 * lookup and a buffer duplicate, so the backend stays out of the way of a benchmark.
 */
final class BackendResponses {

    private static final int VARIANTS = 8;

    private final BackendSettings settings;
    private final BackendAddress listener;
    private final byte[] page;
    private final ByteBuf[] rendered = new ByteBuf[BackendAnswer.values().length * VARIANTS];

    BackendResponses(BackendSettings settings, BackendAddress listener) {
        this.settings = settings;
        this.listener = listener;
        this.page = (settings.text().orElse("fulcrum backend " + listener) + "\n").getBytes(StandardCharsets.UTF_8);
        for (BackendAnswer a : BackendAnswer.values()) {
            for (int v = 0; v < VARIANTS; v++) {
                byte[] bytes = render(a, (v & 4) != 0, (v & 2) != 0, (v & 1) != 0);
                ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                rendered[a.ordinal() * VARIANTS + v] = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
            }
        }
    }

    /** True when this answer is a hang-up rather than a response ({@code --fail-with close}). */
    boolean hangsUp(BackendAnswer answer) {
        return answer == BackendAnswer.FAILURE && settings.failure() instanceof BackendFailure.Close;
    }

    /** The bytes to write, as a buffer of its own (writing releases nothing that is shared). */
    ByteBuf response(BackendAnswer answer, boolean http11, boolean keepAlive, boolean head) {
        int v = (http11 ? 4 : 0) | (keepAlive ? 2 : 0) | (head ? 1 : 0);
        return rendered[answer.ordinal() * VARIANTS + v].duplicate();
    }

    /** The whole response; empty for a hang-up. */
    byte[] render(BackendAnswer answer, boolean http11, boolean keepAlive, boolean head) {
        if (hangsUp(answer)) {
            return new byte[0];
        }
        int code = switch (answer) {
            case PAGE -> settings.status();
            case FAILURE -> ((BackendFailure.Status) settings.failure()).code();
            case NOT_ALLOWED -> 405;
            case BAD_REQUEST -> 400;
        };
        HttpResponseStatus status = HttpResponseStatus.valueOf(code);
        byte[] body = answer == BackendAnswer.PAGE
                ? page : (status.code() + " " + status.reasonPhrase() + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(http11 ? "HTTP/1.1 " : "HTTP/1.0 ")
                .append(status.code()).append(' ').append(status.reasonPhrase()).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("X-Fulcrum-Backend: ").append(listener).append("\r\n");
        if (answer == BackendAnswer.NOT_ALLOWED) {
            h.append("Allow: GET, HEAD\r\n");
        }
        if (!keepAlive) {
            h.append("Connection: close\r\n");
        } else if (!http11) {
            h.append("Connection: keep-alive\r\n");
        }
        byte[] headers = h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return headers;
        }
        byte[] all = java.util.Arrays.copyOf(headers, headers.length + body.length);
        System.arraycopy(body, 0, all, headers.length, body.length);
        return all;
    }
}
