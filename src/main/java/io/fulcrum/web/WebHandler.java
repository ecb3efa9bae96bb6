package io.fulcrum.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One HTTP connection of the status server: routes GET and HEAD requests to the page, the JSON API, the event
 * stream and the metrics; answers 405 to other methods, 401 without the token, 404 to unknown paths and 400 to
 * requests it cannot read. Runs on the web server's one thread.
 */
final class WebHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    static final String PAGE = "/";
    static final String STATUS = "/api/v1/status";
    static final String VRRP = "/api/v1/vrrp";
    static final String VIRTUAL_SERVERS = "/api/v1/virtual-servers";
    static final String EVENTS = "/api/v1/events";
    static final String METRICS = "/metrics";
    static final Set<String> PATHS = Set.of(PAGE, STATUS, VRRP, VIRTUAL_SERVERS, EVENTS, METRICS);

    /** What the page's scripts may do: nothing outside this server, no external asset of any kind. */
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline';"
            + " connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final WebSite site;
    private boolean streaming;

    WebHandler(WebSite site) {
        this.site = site;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (streaming) {
            return; // an event stream's connection carries nothing more
        }
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), true);
            return;
        }
        HttpMethod method = request.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!HttpMethod.GET.equals(method) && !head) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, request, r, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        boolean queryToken = path.equals(PAGE) || path.equals(EVENTS);
        if (!site.access().allowed(request, uri, queryToken)) {
            FullHttpResponse r = text(HttpResponseStatus.UNAUTHORIZED, "a bearer token is required\n");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"fulcrum\"");
            send(ctx, request, r, false);
            return;
        }
        switch (path) {
            case PAGE -> send(ctx, request, body(site.page(), "text/html; charset=utf-8"), false);
            case STATUS -> send(ctx, request, body(site.json().bytes(site.hub().document()), JSON), false);
            case VRRP -> send(ctx, request, body(site.json().bytes(site.json().vrrp(site.hub().document())), JSON),
                    false);
            case VIRTUAL_SERVERS -> send(ctx, request,
                    body(site.json().bytes(site.json().virtualServers(site.hub().document())), JSON), false);
            case METRICS -> send(ctx, request, body(site.metrics(), site.metricsType()), false);
            case EVENTS -> events(ctx, request, head);
            default -> send(ctx, request, text(HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n"), false);
        }
    }

    private static final String JSON = "application/json; charset=utf-8";

    private void events(ChannelHandlerContext ctx, FullHttpRequest request, boolean head) {
        if (head) {
            FullHttpResponse r = body(new byte[0], "text/event-stream; charset=utf-8");
            send(ctx, request, r, false);
            return;
        }
        if (!site.events().subscribe(ctx.channel(), site.currentEvent())) {
            send(ctx, request, text(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many event streams\n"), true);
            return;
        }
        streaming = true;
    }

    private static FullHttpResponse body(byte[] bytes, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        return r;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(message, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return r;
    }

    /** Sends {@code r} (headers only for HEAD), keeping the connection when the client asked to and may. */
    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse r, boolean close) {
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff")
                .set("Content-Security-Policy", CSP);
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (HttpMethod.HEAD.equals(request.method())) {
            ByteBuf dropped = r.content();
            r = r.replace(Unpooled.EMPTY_BUFFER);
            HttpUtil.setContentLength(r, dropped.readableBytes());
            dropped.release();
        }
        boolean keep = !close && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(r, keep);
        var f = ctx.writeAndFlush(r);
        if (!keep) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset or a malformed request: this connection ends, the server goes on
    }
}
