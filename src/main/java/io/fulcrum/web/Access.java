package io.fulcrum.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * The bearer token check: {@code Authorization: Bearer TOKEN}, or for the page and the event stream (which a
 * browser's EventSource opens without headers) also {@code ?token=TOKEN}. Compared in constant time.
 */
final class Access {

    private final Optional<byte[]> token;

    Access(Optional<String> token) {
        this.token = token.map(t -> t.getBytes(StandardCharsets.US_ASCII));
    }

    boolean allowed(HttpRequest request, QueryStringDecoder uri, boolean queryAllowed) {
        if (token.isEmpty()) {
            return true;
        }
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && same(header.substring(7).trim())) {
            return true;
        }
        if (queryAllowed) {
            List<String> q = uri.parameters().get("token");
            return q != null && q.size() == 1 && same(q.get(0));
        }
        return false;
    }

    private boolean same(String given) {
        return MessageDigest.isEqual(token.get(), given.getBytes(StandardCharsets.UTF_8));
    }
}
