package io.fulcrum.nativeio;

/**
 * The shape of a {@link PacketRing}. By default a TPACKET_V3 ring of {@code blockCount} blocks of {@code blockSize} bytes; the
 * kernel packs frames into the current block and hands it over (retires it) when it is full or
 * {@code blockTimeoutMillis} after its first frame, so the timeout bounds the added latency under light load.
 * {@code frameSize} is the kernel's nominal frame slot (it must divide into blocks; V3 packs frames by their real
 * size, and a frame is captured whole up to nearly a block). {@code fanoutGroup} ≥ 0 joins the rings of that id in
 * the namespace into one PACKET_FANOUT_HASH group; -1 for none. The kernel's fanout hash is symmetric: both
 * directions of one address/port pair land on the same ring; but a NAT reply (real server → client) is another
 * pair than its request (client → VIP), so it may land on another ring.
 *
 * <p>With {@code perFrame} (see {@link #perFrame}) the ring is TPACKET_V2 instead: {@code blockSize / frameSize}
 * fixed slots per block, each frame handed over on its own as soon as it is written (the poller is woken per frame,
 * no block timeout, so no added wait under light load); {@code blockTimeoutMillis} is then unused. A frame larger
 * than its slot is delivered whole through the socket's queue instead (PACKET_COPY_THRESH).
 *
 * @param blockSize          bytes per block: a positive multiple of the 4096-byte page
 * @param blockCount         blocks, at least 1; memory is {@code blockSize * blockCount}
 * @param frameSize          a multiple of 16, at least 128, at most {@code blockSize}
 * @param blockTimeoutMillis 1..65535 ms; 0 lets the kernel choose from the link speed (about 8 ms)
 * @param fanoutGroup        -1, or a fanout group id 0..65535
 * @param perFrame           TPACKET_V2 (a frame at a time) rather than TPACKET_V3 (a block at a time)
 */
public record RingConfig(int blockSize, int blockCount, int frameSize, int blockTimeoutMillis, int fanoutGroup,
                         boolean perFrame) {

    private static final int PAGE = 4096;
    /** TPACKET3_HDRLEN (68) rounded up to 16, and a little room for a frame. */
    private static final int MIN_FRAME = 128;

    /** 32 blocks of 256 KiB (8 MiB), 2048-byte frames, 1 ms block timeout, no fanout. */
    public static final RingConfig DEFAULT = new RingConfig(1 << 18, 32, 2048, 1, -1);

    /** A TPACKET_V3 ring (blocks handed over when full or after {@code blockTimeoutMillis}). */
    public RingConfig(int blockSize, int blockCount, int frameSize, int blockTimeoutMillis, int fanoutGroup) {
        this(blockSize, blockCount, frameSize, blockTimeoutMillis, fanoutGroup, false);
    }

    /** A TPACKET_V2 ring of {@code blockCount} blocks of {@code blockSize} bytes cut into {@code frameSize} slots. */
    public static RingConfig perFrame(int blockSize, int blockCount, int frameSize) {
        return new RingConfig(blockSize, blockCount, frameSize, 0, -1, true);
    }

    public RingConfig {
        if (blockSize <= 0 || blockSize % PAGE != 0) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a positive multiple of " + PAGE);
        }
        if (blockCount < 1 || (long) blockSize * blockCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("block count " + blockCount + " outside 1.." + Integer.MAX_VALUE
                    / blockSize + " for blocks of " + blockSize + " bytes");
        }
        if (frameSize < MIN_FRAME || frameSize % 16 != 0 || frameSize > blockSize) {
            throw new IllegalArgumentException("frame size " + frameSize + " is not a multiple of 16 in " + MIN_FRAME + ".."
                    + blockSize);
        }
        if (blockTimeoutMillis < 0 || blockTimeoutMillis > 65535) {
            throw new IllegalArgumentException("block timeout " + blockTimeoutMillis + " ms outside 0..65535");
        }
        if (fanoutGroup < -1 || fanoutGroup > 65535) {
            throw new IllegalArgumentException("fanout group " + fanoutGroup + " outside -1..65535");
        }
    }

    /** This configuration joining fanout group {@code group}. */
    public RingConfig withFanoutGroup(int group) {
        return new RingConfig(blockSize, blockCount, frameSize, blockTimeoutMillis, group, perFrame);
    }

    /** The frame slots of a per-frame ring ({@code blockSize / frameSize} per block). */
    public int frameCount() {
        return blockSize / frameSize * blockCount;
    }

    long ringBytes() {
        return (long) blockSize * blockCount;
    }
}
