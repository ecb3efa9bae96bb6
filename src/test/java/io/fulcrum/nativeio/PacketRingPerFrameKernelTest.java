package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-frame (TPACKET_V2) ring against the kernel: frames sent by a PacketSocket in namespace A of a
 * {@link NetnsPair} reach a ring in B one at a time, without waiting for a block to retire; a frame larger than a
 * slot arrives whole, in order; and polling allocates nothing per frame. Needs root.
 */
class PacketRingPerFrameKernelTest {

    /** 32 slots of 2 KiB per block, 8 blocks: 256 slots. */
    private static final RingConfig PER_FRAME = RingConfig.perFrame(1 << 16, 8, 2048);

    private static NetnsPair pair;
    private static PacketSocket senderA;

    @BeforeAll
    static void createNamespaces() throws Exception {
        NetnsPair.assumeRootAndIp();
        pair = NetnsPair.create("f");
        for (String ns : List.of(pair.a, pair.b)) { // room for frames larger than a 2 KiB slot
            NetnsPair.run("ip", "-n", ns, "link", "set", NetnsPair.IF, "mtu", "9000");
        }
        senderA = pair.inA.call(() -> PacketSocket.open(NetnsPair.IF));
    }

    @AfterAll
    static void removeNamespaces() {
        if (senderA != null) {
            senderA.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private static PacketRing ring(RingConfig config) throws Exception {
        return pair.inB.call(() -> PacketRing.open(NetnsPair.IF, config, BpfProgram.acceptAll()));
    }

    /**
     * A lone frame is handed over as soon as it arrives: the median time from send to poll's return stays far
     * below a block ring's retire timeout (20 ms here; the same loop on {@code new RingConfig(1 << 16, 8, 2048,
     * 20, -1)} takes about that long per frame).
     */
    @Test
    void eachFrameIsHandedOverAtOnce() throws Exception {
        try (PacketRing ring = ring(PER_FRAME)) {
            long[] waits = new long[15];
            for (int i = 0; i < waits.length; i++) {
                int seq = i;
                boolean[] seen = {false};
                new RingCollector(ring).during(5); // drains whatever came before (IPv6 neighbour discovery, ...)
                long start = System.nanoTime();
                senderA.send(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 7, seq));
                long deadline = start + 2_000_000_000L;
                while (!seen[0] && System.nanoTime() < deadline) {
                    ring.poll(1000, (PacketRing.FrameVisitor) (f, l, t) ->
                            seen[0] |= Frames.markerSeq(Frames.copy(f), 7) == seq);
                }
                waits[i] = System.nanoTime() - start;
                assertThat(seen[0]).as("frame %d received", seq).isTrue();
            }
            Arrays.sort(waits);
            assertThat(waits[waits.length / 2]).as("median wait in ns: %s", Arrays.toString(waits))
                    .isLessThan(5_000_000L);
        }
    }

    /** A 6,000-byte frame does not fit a 2 KiB slot: it comes whole from the socket's queue, between the others. */
    @Test
    void aFrameLargerThanASlotArrivesWholeAndInOrder() throws Exception {
        try (PacketRing ring = ring(PER_FRAME)) {
            byte[] big = Arrays.copyOf(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 8, 1), 6000);
            for (int i = 60; i < big.length; i++) {
                big[i] = (byte) i;
            }
            senderA.send(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 8, 0));
            senderA.send(big);
            senderA.send(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 8, 2));
            RingCollector c = new RingCollector(ring).until(f -> f.stream()
                    .anyMatch(x -> Frames.markerSeq(x.bytes(), 8) == 2), 3000);
            assertThat(c.markers(8)).containsExactly(0, 1, 2);
            RingCollector.Frame received = c.frames.stream().filter(x -> Frames.markerSeq(x.bytes(), 8) == 1)
                    .findFirst().orElseThrow();
            assertThat(received.length()).isEqualTo(6000);
            assertThat(received.bytes()).isEqualTo(big);
            assertThat(received.packetType()).isEqualTo(PacketRing.PACKET_BROADCAST);
            assertThat(ring.truncatedFrames()).isZero();
        }
    }

    /** Once warm, polling 200 frames (some through the socket's queue) allocates nothing on the polling thread. */
    @Test
    void pollingAllocatesNothingPerFrame() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (PacketRing ring = ring(PER_FRAME)) {
            long[] sum = new long[1];
            int[] count = new int[1];
            PacketRing.RingVisitor visitor = (r, offset, length, type) -> {
                sum[0] += r.get(java.lang.foreign.ValueLayout.JAVA_BYTE, offset + length - 1) + type;
                count[0]++;
            };
            List<Long> allocated = new ArrayList<>();
            for (int round = 0; round < 3; round++) { // round 0 warms up (lambda linkage, first calls)
                sendRound(round);
                count[0] = 0;
                long before = threads.getCurrentThreadAllocatedBytes();
                long deadline = System.nanoTime() + 3_000_000_000L;
                while (count[0] < 200 && System.nanoTime() < deadline) {
                    ring.poll(50, visitor);
                    ring.droppedFrames(); // the engine reads the kernel's counters between polls
                }
                allocated.add(threads.getCurrentThreadAllocatedBytes() - before);
                assertThat(count[0]).as("frames polled in round %d", round).isGreaterThanOrEqualTo(200);
            }
            assertThat(allocated.subList(1, 3)).as("bytes allocated per round of 200 frames: %s", allocated)
                    .allMatch(bytes -> bytes < 1024);
        }
    }

    /** Frames that find every slot taken are dropped by the kernel, and the ring tells how many. */
    @Test
    void aFullRingCountsWhatTheKernelDropped() throws Exception {
        try (PacketRing ring = ring(PER_FRAME)) {
            int slots = PER_FRAME.frameCount();
            for (int i = 0; i < slots + 100; i++) {
                senderA.send(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 10, i));
            }
            assertThat(ring.droppedFrames()).isGreaterThanOrEqualTo(100);
            RingCollector c = new RingCollector(ring).until(f -> f.size() >= slots, 3000);
            assertThat(c.markers(10)).hasSizeLessThanOrEqualTo(slots).startsWith(0, 1, 2);
            assertThat(ring.stats().drops()).isEqualTo(ring.droppedFrames());
        }
    }

    private static void sendRound(int round) throws NativeException {
        byte[] big = Arrays.copyOf(Frames.marker(Frames.BROADCAST, Frames.SOURCE, 9, round), 4000);
        for (int i = 0; i < 200; i++) {
            senderA.send(i % 50 == 0 ? big : Frames.marker(Frames.BROADCAST, Frames.SOURCE, 9, i));
        }
    }
}
