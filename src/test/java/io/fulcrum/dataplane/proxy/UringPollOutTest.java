package io.fulcrum.dataplane.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringSocketChannel;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The io_uring defect {@link UringPollOut} works around, shown with a bare Netty channel: its peer sends its FIN and
 * reads nothing for a while, the channel queues more than the kernel buffers take (so Netty's WRITEV ends in EAGAIN
 * and it waits for POLLOUT), then the peer reads. Without the work-around the peer gets only what the buffers held.
 */
class UringPollOutTest {

    private static final int CHUNK = 64 * 1024;
    private static final int CHUNKS = 400; // 25 MiB: several times what the socket buffers take

    private EventLoopGroup group;

    @BeforeEach
    void setUp() {
        // the proxy's Netty settings (one-shot polls) first: Netty reads them once, when IoUring is first touched,
        // for every later test of this JVM too (with multishot polls TcpRelayTest's reset test hangs)
        assumeTrue(ProxyTransport.Availability.ioUring().available(), "io_uring is not available here");
        group = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void theWorkAroundAppliesToThisNetty() {
        assertThat(UringPollOut.available()).as("Netty's private io_uring members the work-around uses").isTrue();
    }

    @Test
    void writingOnAfterThePeersFinDeliversEverything() throws Exception {
        assertThat(delivered(true)).isEqualTo((long) CHUNK * CHUNKS);
    }

    /**
     * Shows that the defect is still in the Netty in use (when this fails, Netty fixed it: the work-around and this
     * test can go).
     */
    @Test
    void withoutTheWorkAroundNettyStopsWriting() throws Exception {
        assertThat(delivered(false)).as("Netty io_uring still stops writing after the peer's FIN")
                .isLessThan((long) CHUNK * CHUNKS);
    }

    /** What the peer receives, reading only after the channel has queued everything; 3 s without a byte ends it. */
    private long delivered(boolean workAround) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch finRead = new CountDownLatch(1);
            Channel ch = new Bootstrap().group(group).channel(IoUringSocketChannel.class)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                                if (workAround) {
                                    UringPollOut.inputShutdown(ctx.channel());
                                }
                                finRead.countDown();
                            }
                        }
                    })
                    .connect(listener.getLocalSocketAddress()).sync().channel();
            try (Socket peer = listener.accept()) {
                peer.shutdownOutput();
                assertThat(finRead.await(5, TimeUnit.SECONDS)).as("the peer's FIN read").isTrue();
                ch.eventLoop().submit(() -> {
                    for (int i = 0; i < CHUNKS; i++) {
                        ch.write(Unpooled.wrappedBuffer(new byte[CHUNK]), ch.voidPromise());
                    }
                    ch.flush();
                }).sync();
                Thread.sleep(500); // the kernel buffers fill up; Netty's next write gets EAGAIN
                peer.setSoTimeout(3_000);
                InputStream in = peer.getInputStream();
                byte[] b = new byte[CHUNK];
                long got = 0;
                try {
                    for (int n; got < (long) CHUNK * CHUNKS && (n = in.read(b)) > 0; got += n) {
                        // count
                    }
                } catch (SocketTimeoutException stalled) {
                    // what arrived is all that will
                }
                return got;
            } finally {
                ch.close().sync();
            }
        }
    }
}
