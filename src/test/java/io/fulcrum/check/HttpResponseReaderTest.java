package io.fulcrum.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    private static HttpResponse read(String raw, int maxBody) throws IOException {
        return HttpResponseReader.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), maxBody);
    }

    private static String body(HttpResponse r) {
        return new String(r.body(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void contentLengthBoundsTheBodyAndAShortBodyIsKeptAsReceived() throws IOException {
        HttpResponse r = read("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", 100);
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("abc");
        assertThat(r.contentLength()).isEqualTo(3);
        assertThat(r.headText()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
        assertThat(body(read("HTTP/1.0 200 OK\r\ncontent-length: 10\r\n\r\nabc", 100))).isEqualTo("abc");
    }

    @Test
    void withoutFramingTheBodyRunsToTheEnd() throws IOException {
        assertThat(body(read("HTTP/1.0 200 OK\n\nline1\nline2", 100))).isEqualTo("line1\nline2");
    }

    @Test
    void chunkedBodiesAreDecodedWithExtensionsAndTrailers() throws IOException {
        HttpResponse r = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\nB\r\n 0123456789\r\n0\r\nTrailer: x\r\n\r\n", 100);
        assertThat(body(r)).isEqualTo("hello 0123456789");
        assertThat(body(read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n", 100)))
                .isEqualTo("abc");
    }

    @Test
    void malformedChunksAreTypedErrors() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n", 100))
                .isInstanceOfSatisfying(HttpReadException.class,
                        e -> assertThat(e.kind()).isEqualTo(HttpReadException.Kind.MALFORMED));
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nshort", 100))
                .isInstanceOfSatisfying(HttpReadException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("chunk cut short"));
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 100))
                .isInstanceOfSatisfying(HttpReadException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("no CRLF after a chunk"));
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffff\r\n", 100))
                .isInstanceOf(HttpReadException.class);
    }

    @Test
    void limitsAreEnforced() {
        assertThatThrownBy(() -> read("HTTP/1.0 200 OK\r\n\r\n" + "x".repeat(11), 10))
                .isInstanceOfSatisfying(HttpReadException.class,
                        e -> assertThat(e.kind()).isEqualTo(HttpReadException.Kind.TOO_LARGE));
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n"
                + "8\r\n12345678\r\n0\r\n\r\n", 10))
                .isInstanceOfSatisfying(HttpReadException.class,
                        e -> assertThat(e.kind()).isEqualTo(HttpReadException.Kind.TOO_LARGE));
        assertThatThrownBy(() -> read("HTTP/1.0 200 OK\r\nX: " + "y".repeat(HttpResponseReader.MAX_HEAD), 10))
                .isInstanceOfSatisfying(HttpReadException.class,
                        e -> assertThat(e.kind()).isEqualTo(HttpReadException.Kind.TOO_LARGE));
    }

    @Test
    void aConnectionClosedInsideTheHeadIsNoData() {
        assertThatThrownBy(() -> read("", 10)).isInstanceOfSatisfying(HttpReadException.class,
                e -> assertThat(e.kind()).isEqualTo(HttpReadException.Kind.NO_DATA));
        assertThatThrownBy(() -> read("HTTP/1.0 200 OK\r\n", 10)).isInstanceOfSatisfying(HttpReadException.class,
                e -> assertThat(e.kind()).isEqualTo(HttpReadException.Kind.NO_DATA));
    }

    @Test
    void statusCodesAsKeepalivedReadsThem() throws IOException {
        assertThat(HttpResponseReader.status("HTTP/1.1 503 Service Unavailable\r\n")).isEqualTo(503);
        assertThat(HttpResponseReader.status("HTTP/1.0 20 short\r\n")).isZero();
        assertThat(HttpResponseReader.status("ICY 200 OK\r\n")).isZero();
        assertThat(read("HTTP/1.1 204 No Content\r\n\r\n", 10).body()).isEmpty();
    }
}
