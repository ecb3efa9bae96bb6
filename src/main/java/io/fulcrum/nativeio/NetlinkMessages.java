package io.fulcrum.nativeio;

import io.fulcrum.common.IpAddress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rtnetlink messages Fulcrum sends and reads, built and parsed in plain Java (no kernel needed to test them).
 * Layouts, all in host byte order: {@code nlmsghdr} (u32 len, u16 type, u16 flags, u32 seq, u32 pid; 16 bytes),
 * {@code ifinfomsg} (u8 family, u8 pad, u16 type, i32 index, u32 flags, u32 change; 16), {@code ifaddrmsg} (u8
 * family, u8 prefixlen, u8 flags, u8 scope, u32 index; 8), {@code rtattr} (u16 len, u16 type, data; aligned to 4),
 * {@code nlmsgerr} (i32 error, the request's nlmsghdr, then extended-ack attributes when NLM_F_ACK_TLVS is set).
 * Every read is bounds-checked: malformed input raises {@link MalformedNetlinkException}, never an index error.
 */
final class NetlinkMessages {

    static final int HEADER = 16;
    static final int IFINFOMSG = 16;
    static final int IFADDRMSG = 8;

    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;

    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_MULTI = 0x2;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_CAPPED = 0x100;
    static final int NLM_F_ACK_TLVS = 0x200;

    static final int RTMGRP_LINK = 0x1;
    static final int RTMGRP_IPV4_IFADDR = 0x10;
    static final int RTMGRP_IPV6_IFADDR = 0x100;

    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_LABEL = 3;
    static final int IFA_BROADCAST = 4;
    static final int IFA_CACHEINFO = 6;
    static final int IFA_FLAGS = 8;
    static final int NLMSGERR_ATTR_MSG = 1;

    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** One message: its header fields and the whole message (header included), {@code length} bytes. */
    record Message(int type, int flags, int seq, int pid, byte[] bytes) {

        /** The message after the header. */
        int payloadLength() {
            return bytes.length - HEADER;
        }
    }

    private NetlinkMessages() {
    }

    // ---- building ----

    /** A growing message: the header first, its length filled in by {@link #finish()}. */
    static final class Builder {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Builder(int type, int flags, int seq) {
            u32(0);
            u16(type);
            u16(flags);
            u32(seq);
            u32(0);
        }

        Builder u8(int value) {
            out.write(value);
            return this;
        }

        Builder u16(int value) {
            byte[] b = ByteBuffer.allocate(2).order(ORDER).putShort((short) value).array();
            out.write(b, 0, 2);
            return this;
        }

        Builder u32(int value) {
            byte[] b = ByteBuffer.allocate(4).order(ORDER).putInt(value).array();
            out.write(b, 0, 4);
            return this;
        }

        /** One attribute, padded to 4 bytes. */
        Builder attribute(int type, byte[] data) {
            int length = 4 + data.length;
            if (length > 0xffff) {
                throw new IllegalArgumentException("attribute " + type + " too long: " + data.length + " bytes");
            }
            u16(length);
            u16(type);
            out.write(data, 0, data.length);
            for (int pad = align(length) - length; pad > 0; pad--) {
                out.write(0);
            }
            return this;
        }

        Builder attributeU32(int type, int value) {
            return attribute(type, ByteBuffer.allocate(4).order(ORDER).putInt(value).array());
        }

        /** A NUL-terminated string attribute. */
        Builder attributeString(int type, String value) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            return attribute(type, Arrays.copyOf(text, text.length + 1));
        }

        byte[] finish() {
            byte[] message = out.toByteArray();
            ByteBuffer.wrap(message).order(ORDER).putInt(0, message.length);
            return message;
        }
    }

    static int align(int length) {
        return (length + 3) & ~3;
    }

    /** A dump request: RTM_GETLINK (with an ifinfomsg) or RTM_GETADDR (with an ifaddrmsg), any family. */
    static byte[] dumpRequest(int type, int seq) {
        Builder b = new Builder(type, NLM_F_REQUEST | NLM_F_DUMP, seq);
        int body = type == RTM_GETLINK ? IFINFOMSG : IFADDRMSG;
        for (int i = 0; i < body; i++) {
            b.u8(0);
        }
        return b.finish();
    }

    /** RTM_GETLINK for one interface index (no dump). */
    static byte[] linkRequest(int index, int seq) {
        return new Builder(RTM_GETLINK, NLM_F_REQUEST, seq).u8(0).u8(0).u16(0).u32(index).u32(0).u32(0).finish();
    }

    /** RTM_NEWLINK setting or clearing IFF_UP of interface {@code index} ({@code ip link set up/down}), acked. */
    static byte[] linkUpRequest(int index, boolean up, int seq) {
        return new Builder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq).u8(0).u8(0).u16(0).u32(index)
                .u32(up ? IFF_UP : 0).u32(IFF_UP).finish();
    }

    /**
     * RTM_NEWADDR (create, fail when it exists) or RTM_DELADDR for {@code r}, asking for an acknowledgement. As
     * {@code ip addr}: IFA_LOCAL is the address, IFA_ADDRESS the peer when there is one (else the address again).
     * A delete carries only what identifies the address (local, address, prefix, label).
     */
    static byte[] addressRequest(boolean add, AddressRequest r, int seq) {
        int flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
        IpAddress a = r.address();
        int addressFlags = add ? r.flags() : 0;
        Builder b = new Builder(add ? RTM_NEWADDR : RTM_DELADDR, flags, seq)
                .u8(a.isV4() ? Libc.AF_INET : Libc.AF_INET6).u8(r.prefixLength()).u8(addressFlags & 0xff)
                .u8(r.scope()).u32(r.ifindex());
        b.attribute(IFA_LOCAL, a.bytes());
        b.attribute(IFA_ADDRESS, r.peer().orElse(a).bytes());
        r.label().ifPresent(l -> b.attributeString(IFA_LABEL, l));
        if (add) {
            r.broadcast().ifPresent(brd -> b.attribute(IFA_BROADCAST, brd.bytes()));
            if (addressFlags != 0) {
                b.attributeU32(IFA_FLAGS, addressFlags);
            }
            if (r.preferredLifetime() != AddressRequest.FOREVER) {
                b.attribute(IFA_CACHEINFO, ByteBuffer.allocate(16).order(ORDER)
                        .putInt((int) r.preferredLifetime()).putInt((int) AddressRequest.FOREVER).putInt(0)
                        .putInt(0).array());
            }
        }
        return b.finish();
    }

    // ---- parsing ----

    /** Splits one received datagram ({@code length} bytes of {@code data}) into its messages. */
    static List<Message> parse(byte[] data, int length) throws MalformedNetlinkException {
        if (length < 0 || length > data.length) {
            throw new MalformedNetlinkException("datagram length " + length + " outside its buffer of "
                    + data.length);
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, length).order(ORDER);
        List<Message> out = new ArrayList<>();
        int at = 0;
        while (at < length) {
            if (length - at < HEADER) {
                throw new MalformedNetlinkException("truncated header: " + (length - at) + " bytes at offset " + at);
            }
            int messageLength = in.getInt(at);
            if (messageLength < HEADER || messageLength > length - at) {
                throw new MalformedNetlinkException("message length " + Integer.toUnsignedString(messageLength)
                        + " at offset " + at + " does not fit " + (length - at) + " bytes");
            }
            out.add(new Message(in.getShort(at + 4) & 0xffff, in.getShort(at + 6) & 0xffff, in.getInt(at + 8),
                    in.getInt(at + 12), Arrays.copyOfRange(data, at, at + messageLength)));
            at += Math.min(align(messageLength), length - at);
        }
        return out;
    }

    /**
     * The attributes from {@code from} to the end of the message, by type (NLA_F_NESTED and NLA_F_NET_BYTEORDER
     * stripped; the last one wins when a type repeats; fewer than 4 bytes at the end are padding).
     */
    static Map<Integer, byte[]> attributes(byte[] message, int from) throws MalformedNetlinkException {
        Map<Integer, byte[]> out = new HashMap<>();
        if (from > message.length) {
            throw new MalformedNetlinkException("attributes start at " + from + " past the end " + message.length);
        }
        ByteBuffer in = ByteBuffer.wrap(message).order(ORDER);
        int at = from;
        while (message.length - at >= 4) {
            int length = in.getShort(at) & 0xffff;
            int type = in.getShort(at + 2) & 0x3fff;
            if (length < 4 || length > message.length - at) {
                throw new MalformedNetlinkException("attribute " + type + " length " + length + " at offset " + at
                        + " does not fit " + (message.length - at) + " bytes");
            }
            out.put(type, Arrays.copyOfRange(message, at + 4, at + length));
            at += Math.min(align(length), message.length - at);
        }
        return out;
    }

    /** An RTM_NEWLINK or RTM_DELLINK message as a {@link Link}. */
    static Link link(Message m) throws MalformedNetlinkException {
        requireBody(m, IFINFOMSG, "ifinfomsg");
        ByteBuffer in = ByteBuffer.wrap(m.bytes()).order(ORDER);
        int index = in.getInt(HEADER + 4);
        int flags = in.getInt(HEADER + 8);
        Map<Integer, byte[]> attributes = attributes(m.bytes(), HEADER + IFINFOMSG);
        byte[] name = attributes.get(IFLA_IFNAME);
        if (name == null) {
            throw new MalformedNetlinkException("link " + index + " without IFLA_IFNAME");
        }
        byte[] mac = attributes.getOrDefault(IFLA_ADDRESS, new byte[0]);
        int mtu = attributes.containsKey(IFLA_MTU) ? u32(attributes.get(IFLA_MTU), "IFLA_MTU") : 0;
        return new Link(index, string(name), mac, (flags & IFF_UP) != 0, (flags & IFF_RUNNING) != 0, mtu);
    }

    /** An RTM_NEWADDR or RTM_DELADDR message as an {@link InterfaceAddress}; empty for families other than inet. */
    static Optional<InterfaceAddress> address(Message m) throws MalformedNetlinkException {
        requireBody(m, IFADDRMSG, "ifaddrmsg");
        byte[] b = m.bytes();
        int family = b[HEADER] & 0xff;
        if (family != Libc.AF_INET && family != Libc.AF_INET6) {
            return Optional.empty();
        }
        int prefix = b[HEADER + 1] & 0xff;
        int flags = b[HEADER + 2] & 0xff;
        int scope = b[HEADER + 3] & 0xff;
        int index = ByteBuffer.wrap(b).order(ORDER).getInt(HEADER + 4);
        Map<Integer, byte[]> attributes = attributes(b, HEADER + IFADDRMSG);
        byte[] raw = attributes.containsKey(IFA_LOCAL) ? attributes.get(IFA_LOCAL) : attributes.get(IFA_ADDRESS);
        int size = family == Libc.AF_INET ? 4 : 16;
        if (raw == null || raw.length != size) {
            throw new MalformedNetlinkException("address message for ifindex " + index + " without a "
                    + (size * 8) + "-bit IFA_LOCAL or IFA_ADDRESS");
        }
        if (prefix > size * 8) {
            throw new MalformedNetlinkException("prefix length " + prefix + " too long for the family");
        }
        if (attributes.containsKey(IFA_FLAGS)) {
            flags = u32(attributes.get(IFA_FLAGS), "IFA_FLAGS");
        }
        Optional<String> label = Optional.ofNullable(attributes.get(IFA_LABEL)).map(NetlinkMessages::string);
        return Optional.of(new InterfaceAddress(index, IpAddress.ofBytes(raw), prefix, label, scope, flags));
    }

    /** The errno an NLMSG_ERROR message carries: 0 for an acknowledgement, else positive. */
    static int errno(Message m) throws MalformedNetlinkException {
        requireBody(m, 4, "nlmsgerr");
        int error = ByteBuffer.wrap(m.bytes()).order(ORDER).getInt(HEADER);
        return error == Integer.MIN_VALUE ? Integer.MAX_VALUE : Math.abs(error);
    }

    /** The kernel's text in an NLMSG_ERROR message (extended ack, NLMSGERR_ATTR_MSG), when it sent one. */
    static Optional<String> errorText(Message m) throws MalformedNetlinkException {
        if ((m.flags() & NLM_F_ACK_TLVS) == 0) {
            return Optional.empty();
        }
        requireBody(m, 4 + HEADER, "nlmsgerr");
        int quoted = HEADER;
        if ((m.flags() & NLM_F_CAPPED) == 0) {
            quoted = ByteBuffer.wrap(m.bytes()).order(ORDER).getInt(HEADER + 4);
            if (quoted < HEADER || quoted > m.payloadLength() - 4) {
                throw new MalformedNetlinkException("quoted request of " + Integer.toUnsignedString(quoted)
                        + " bytes does not fit the error message");
            }
        }
        return Optional.ofNullable(attributes(m.bytes(), HEADER + 4 + align(quoted)).get(NLMSGERR_ATTR_MSG))
                .map(NetlinkMessages::string).filter(s -> !s.isEmpty());
    }

    private static void requireBody(Message m, int size, String what) throws MalformedNetlinkException {
        if (m.payloadLength() < size) {
            throw new MalformedNetlinkException("message type " + m.type() + " too short for " + what + ": "
                    + m.payloadLength() + " of " + size + " bytes");
        }
    }

    private static int u32(byte[] data, String what) throws MalformedNetlinkException {
        if (data.length < 4) {
            throw new MalformedNetlinkException(what + " has " + data.length + " of 4 bytes");
        }
        return ByteBuffer.wrap(data).order(ORDER).getInt(0);
    }

    /** A C string: up to the first NUL (or all of it). */
    private static String string(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != 0) {
            end++;
        }
        return new String(data, 0, end, StandardCharsets.UTF_8);
    }
}
