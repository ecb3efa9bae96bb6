package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PacketTx in namespace A of a {@link NetnsPair}; a PacketRing in B counts what arrives. Needs root. */
class PacketTxKernelTest {

    private static final RingConfig RING = new RingConfig(1 << 16, 16, 2048, 2, -1);
    private static NetnsPair pair;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("t");
    }

    @AfterAll
    static void removeNamespaces() {
        if (pair != null) {
            pair.close();
        }
    }

    /** Queues {@code frame}, flushing and waiting for free slots while the ring is full. */
    private static int queueOrFlush(PacketTx tx, byte[] frame) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int sent = 0;
        while (!tx.queue(MemorySegment.ofArray(frame), frame.length)) {
            sent += tx.flush();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no TX slot freed within 3 s");
            }
            Thread.onSpinWait();
        }
        return sent;
    }

    @Test
    void aBatchLargerThanTheRingArrivesWhole() throws Exception {
        int count = 300;
        try (PacketRing ring = pair.inB.call(() -> PacketRing.open(NetnsPair.IF, RING));
                PacketTx tx = pair.inA.call(() -> PacketTx.open(NetnsPair.IF, 2048, 32))) {
            assertThat(tx.capacity()).isEqualTo(32);
            assertThat(tx.maxFrame()).isEqualTo(2048 - 32);
            assertThat(tx.interfaceName()).isEqualTo(NetnsPair.IF);
            assertThat(tx.bypassesQdisc()).isTrue();
            int sent = 0;
            for (int i = 0; i < count; i++) {
                byte[] frame = Frames.marker(Frames.BROADCAST, Frames.SOURCE, 9, i);
                sent += queueOrFlush(tx, frame);
            }
            sent += tx.flush();
            assertThat(sent).isEqualTo(count);
            assertThat(tx.flush()).as("nothing left queued").isZero();
            List<Integer> arrived = new RingCollector(ring)
                    .until(f -> f.stream().filter(x -> Frames.markerSeq(x.bytes(), 9) >= 0).count() >= count, 5000)
                    .markers(9);
            assertThat(arrived).hasSize(count).doesNotHaveDuplicates();
            assertThat(arrived).isSorted();
            assertThat(ring.stats().drops()).isZero();
        }
    }

    @Test
    void largeFramesArriveIntactAndOversizedOnesAreRefused() throws Exception {
        try (PacketRing ring = pair.inB.call(() -> PacketRing.open(NetnsPair.IF, RING));
                PacketTx tx = pair.inA.call(() -> PacketTx.open(NetnsPair.IF, 2048, 4))) {
            byte[] big = new byte[1514];
            System.arraycopy(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 10, 1), 0, big, 0, 22);
            for (int i = 22; i < big.length; i++) {
                big[i] = (byte) i;
            }
            assertThat(tx.queue(MemorySegment.ofArray(big), big.length)).isTrue();
            assertThat(tx.flush()).isEqualTo(1);
            RingCollector c = new RingCollector(ring).until(f -> f.stream()
                    .anyMatch(x -> Frames.markerSeq(x.bytes(), 10) == 1), 3000);
            assertThat(c.frames).anySatisfy(f -> assertThat(f.bytes()).isEqualTo(big));
            assertThatThrownBy(() -> tx.queue(MemorySegment.ofArray(new byte[2048]), 2048))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> tx.queue(MemorySegment.ofArray(new byte[13]), 13))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeIsIdempotentAndAClosedTxRefusesUse() throws Exception {
        PacketTx tx = pair.inA.call(() -> PacketTx.open(NetnsPair.IF, 256, 4));
        assertThat(tx.capacity()).isEqualTo(16);
        assertThat(tx.flush()).isZero();
        tx.close();
        tx.close();
        assertThatThrownBy(() -> tx.queue(MemorySegment.ofArray(new byte[60]), 60))
                .isInstanceOf(IllegalStateException.class);
    }
}
