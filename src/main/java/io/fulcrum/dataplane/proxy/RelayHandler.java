package io.fulcrum.dataplane.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/** Passes one side's channel events to its {@link TcpSession}; the last handler of that channel's pipeline. */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final TcpSession session;
    private final Side side;

    RelayHandler(TcpSession session, Side side) {
        this.session = session;
        this.side = side;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (side == Side.CLIENT) {
            session.start(); // the real-server side is driven by its connect future
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf data) {
            session.read(side, data);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        session.readComplete(side);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        session.writable(side);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            session.inputShutdown(side);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        session.abort(side);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        session.inactive(side);
    }
}
