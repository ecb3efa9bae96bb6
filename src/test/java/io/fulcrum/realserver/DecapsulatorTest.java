package io.fulcrum.realserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecapsulatorTest {

    private static final byte[] VIP_BYTES = Packets.v4(203, 0, 113, 10);
    private static final byte[] CLIENT = Packets.v4(198, 51, 100, 7);
    private static final IpAddress VIP = IpAddress.parse("203.0.113.10");

    /** Gives its packets, then fails (or asks the decapsulator to stop) when empty. */
    private static final class Queue implements Decapsulator.Source {
        final Deque<byte[]> packets = new ArrayDeque<>();
        Decapsulator owner;
        IOException failWhenEmpty;
        boolean closed;

        @Override
        public int receive(byte[] buffer, int timeoutMillis) throws IOException {
            if (packets.isEmpty()) {
                if (failWhenEmpty != null) {
                    throw failWhenEmpty;
                }
                owner.stop();
                return -1;
            }
            byte[] p = packets.poll();
            System.arraycopy(p, 0, buffer, 0, p.length);
            return p.length;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static final class Recorder implements Decapsulator.Sink {
        final List<byte[]> written = new ArrayList<>();
        int writes;
        int refuse = -1; // the number of the write to refuse, from 1
        boolean closed;

        @Override
        public void write(byte[] packet, int offset, int length) throws IOException {
            if (++writes == refuse) {
                throw new IOException("write(fulcrum-ipip0): Input/output error (errno 5)");
            }
            written.add(Arrays.copyOfRange(packet, offset, offset + length));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static byte[] inner(byte[] dst, String text) {
        return Packets.ipv4(CLIENT, dst, Packets.UDP, Packets.udp(CLIENT, dst, 5000, 7000, text.getBytes()));
    }

    private static byte[] ipip(byte[] inner) {
        return Packets.ipv4(Packets.v4(192, 0, 2, 1), Packets.v4(192, 0, 2, 2), Packets.IPIP, inner);
    }

    @Test
    void innerPacketsForTheVipGoToTheSinkTheRestIsCountedByReason() throws Exception {
        Queue source = new Queue();
        Recorder sink = new Recorder();
        Decapsulator d = new Decapsulator(VIP, source, sink);
        source.owner = d;
        assertThat(d.counters().summary()).isEqualTo("0 packets decapsulated (0 bytes), 0 dropped");
        byte[] one = inner(VIP_BYTES, "one");
        byte[] two = inner(VIP_BYTES, "two!");
        byte[] badOuter = ipip(inner(VIP_BYTES, "x"));
        badOuter[10] ^= 1;
        source.packets.addAll(List.of(ipip(one), ipip(inner(Packets.v4(203, 0, 113, 99), "other")), ipip(two),
                badOuter, ipip(inner(Packets.v4(203, 0, 113, 98), "other")), ipip(inner(VIP_BYTES, "refused"))));
        sink.refuse = 3;
        d.run();

        assertThat(sink.written).containsExactly(one, two);
        DecapCounters c = d.counters();
        assertThat(c.decapsulated()).isEqualTo(2);
        assertThat(c.bytes()).isEqualTo(one.length + two.length);
        assertThat(c.drops()).isEqualTo(Map.of(DropReason.NOT_FOR_VIP, 2L, DropReason.OUTER_CHECKSUM, 1L,
                DropReason.TUN_WRITE, 1L));
        assertThat(c.summary()).isEqualTo("2 packets decapsulated (" + (one.length + two.length) + " bytes), 4 dropped"
                + " (1 bad outer header checksum, 2 inner destination not the VIP, 1 refused by the TUN interface)");
        assertThat(source.closed).isTrue();
        assertThat(sink.closed).isTrue();
        assertThat(d.failure()).isEmpty();
        assertThat(d.awaitStopped(Duration.ZERO)).isTrue();
    }

    @Test
    void aReceiveErrorEndsTheLoopAndIsKept() throws Exception {
        Queue source = new Queue();
        Recorder sink = new Recorder();
        Decapsulator d = new Decapsulator(VIP, source, sink);
        source.owner = d;
        source.failWhenEmpty = new IOException("recvfrom: Bad file descriptor (errno 9)");
        source.packets.add(ipip(inner(VIP_BYTES, "one")));
        d.run();
        assertThat(d.failure()).hasValueSatisfying(e -> assertThat(e).hasMessageContaining("recvfrom"));
        assertThat(d.counters().decapsulated()).isOne();
        assertThat(source.closed && sink.closed).isTrue();
    }

    @Test
    void aStopIsSeenWithinOneReceive() throws Exception {
        Decapsulator.Source idle = new Decapsulator.Source() {
            @Override
            public int receive(byte[] buffer, int timeoutMillis) throws IOException {
                assertThat(timeoutMillis).isEqualTo(Decapsulator.RECEIVE_SLICE_MILLIS);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return -1;
            }

            @Override
            public void close() {
            }
        };
        Decapsulator d = new Decapsulator(VIP, idle, new Recorder());
        Thread t = Thread.ofPlatform().start(d);
        assertThat(d.awaitStopped(Duration.ofMillis(50))).isFalse();
        d.stop();
        assertThat(d.awaitStopped(Duration.ofSeconds(5))).isTrue();
        t.join();
    }

    @Test
    void onlyIpv4VipsCanBeDecapsulated() {
        assertThatThrownBy(() -> new Decapsulator(IpAddress.parse("2001:db8::1"), new Queue(), new Recorder()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPIP carries IPv4");
    }
}
