package io.fulcrum.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The server-sent event stream of {@code /api/v1/events}: each subscriber gets the current state as a
 * {@code status} event at once, then every state the daemon publishes. A subscriber that does not keep up
 * (its channel not writable) misses events rather than growing a queue; the next one carries the whole state.
 * Not thread-safe: the web server's one thread calls it.
 */
final class EventStream {

    /** More subscribers than this are refused (503): each holds a connection open. */
    static final int MAX_SUBSCRIBERS = 64;

    private final Set<Channel> subscribers = new LinkedHashSet<>();

    /** Starts the stream on {@code ch} with {@code firstEvent}; false (nothing written) when full. */
    boolean subscribe(Channel ch, String firstEvent) {
        if (subscribers.size() >= MAX_SUBSCRIBERS) {
            return false;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Accel-Buffering", "no");
        HttpUtil.setTransferEncodingChunked(head, true);
        ch.write(head);
        ch.writeAndFlush(content("retry: 2000\n" + firstEvent)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        subscribers.add(ch);
        ch.closeFuture().addListener(f -> ch.eventLoop().execute(() -> subscribers.remove(ch)));
        return true;
    }

    /** Sends {@code event} to every subscriber that can take it now. */
    void broadcast(String event) {
        for (Channel ch : Set.copyOf(subscribers)) {
            if (ch.isActive() && ch.isWritable()) {
                ch.writeAndFlush(content(event)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
        }
    }

    int size() {
        return subscribers.size();
    }

    /** One {@code status} event: its id, then the JSON on one data line (the JSON has no line breaks). */
    static String event(long id, String json) {
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's data must be one line");
        }
        return "event: status\nid: " + id + "\ndata: " + json + "\n\n";
    }

    private static DefaultHttpContent content(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }
}
