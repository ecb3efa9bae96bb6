package io.fulcrum.lab;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a backend, after Netty's request decoder: answers each request (pipelined ones in order), keeps
 * the connection open as the request asks, ignores request bodies, and stops reading while the peer is not reading
 * its answers.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private final BackendPolicy policy;
    private final BackendResponses responses;
    private final long delayNanos;
    private boolean closing;

    BackendHandler(BackendPolicy policy, BackendResponses responses, long delayNanos) {
        this.policy = policy;
        this.responses = responses;
        this.delayNanos = delayNanos;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request && !closing) {
                answer(ctx, request);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void answer(ChannelHandlerContext ctx, HttpRequest request) {
        BackendAnswer answer = policy.answer(request.method().name(), request.decoderResult().isSuccess());
        boolean keepAlive = answer != BackendAnswer.BAD_REQUEST && !responses.hangsUp(answer)
                && HttpUtil.isKeepAlive(request);
        ByteBuf bytes = responses.response(answer, !request.protocolVersion().equals(HttpVersion.HTTP_1_0),
                keepAlive, request.method().equals(HttpMethod.HEAD));
        closing = !keepAlive;
        if (delayNanos > 0) {
            ctx.executor().schedule(() -> send(ctx, bytes, keepAlive, true), delayNanos, TimeUnit.NANOSECONDS);
        } else {
            send(ctx, bytes, keepAlive, false);
        }
    }

    private static void send(ChannelHandlerContext ctx, ByteBuf bytes, boolean keepAlive, boolean flush) {
        if (!keepAlive) {
            ctx.writeAndFlush(bytes).addListener(ChannelFutureListener.CLOSE);
        } else if (flush) {
            ctx.writeAndFlush(bytes, ctx.voidPromise());
        } else {
            ctx.write(bytes, ctx.voidPromise());
        }
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a reset or a broken pipe: the peer has gone, and there is no one to tell
        ctx.close();
    }
}
