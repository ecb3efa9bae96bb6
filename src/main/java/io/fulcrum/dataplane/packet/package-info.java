/**
 * The frame layer of the packet engine (forwarding methods DR, NAT and TUN over an AF_PACKET ring): parse an
 * Ethernet frame in place ({@link io.fulcrum.dataplane.packet.FrameParser} into a reusable
 * {@link io.fulcrum.dataplane.packet.Frame}), rewrite it in place ({@link io.fulcrum.dataplane.packet.Rewrites}),
 * or encapsulate and decapsulate it ({@link io.fulcrum.dataplane.packet.Ipip}). Pure memory work on a
 * {@link java.lang.foreign.MemorySegment}: no native call, no allocation on the paths a packet takes, no state
 * besides the caller's {@code Frame}.
 *
 * <p>What the engine does not handle, by design, and leaves to the kernel or drops (the parser says which):
 * 802.1Q-tagged frames, IPv4 options, IP fragments, IPv6 extension headers and protocols other than TCP and UDP.
 */
package io.fulcrum.dataplane.packet;
