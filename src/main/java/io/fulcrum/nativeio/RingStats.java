package io.fulcrum.nativeio;

/**
 * A {@link PacketRing}'s kernel counters since it was opened (PACKET_STATISTICS, tpacket_stats_v3, summed across
 * reads because the kernel resets them on each read).
 *
 * @param packets frames that passed the filter, whether the ring had room for them or not
 * @param drops   of those, frames lost because every block was still held by user space
 * @param freezes times the ring's queue froze because it was full
 */
public record RingStats(long packets, long drops, long freezes) {
}
