package io.fulcrum.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code struct msghdr} (56 bytes on x86-64/aarch64) with one {@code struct iovec}, a name buffer and a control
 * buffer, all allocated in the caller's arena, for {@code recvmsg}; and the {@code struct cmsghdr} walk over what
 * the kernel wrote into the control buffer (header: size_t len, int level, int type; data and the next header
 * aligned to 8 bytes).
 */
final class MessageHeader {

    private static final int MSGHDR_SIZE = 56;
    private static final int IOVEC_SIZE = 16;
    private static final int CMSG_HEADER = 16;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_CTRUNC = 0x08;

    /** One control message: its level, type and data. */
    record ControlMessage(int level, int type, MemorySegment data) {
    }

    private final MemorySegment msghdr;
    private final MemorySegment name;
    private final MemorySegment control;
    private final MemorySegment buffer;

    MessageHeader(Arena arena, MemorySegment buffer, int nameSize, int controlSize) {
        this.buffer = buffer;
        this.msghdr = arena.allocate(MSGHDR_SIZE, 8);
        MemorySegment iov = arena.allocate(IOVEC_SIZE, 8);
        this.name = arena.allocate(nameSize, 8);
        this.control = arena.allocate(controlSize, 8);
        iov.set(ValueLayout.ADDRESS, 0, buffer);
        iov.set(ValueLayout.JAVA_LONG, 8, buffer.byteSize());
        msghdr.set(ValueLayout.ADDRESS, 16, iov);
        msghdr.set(ValueLayout.JAVA_LONG, 24, 1L);
        reset();
    }

    /** Restores the name and control lengths (the kernel shrinks them to what it wrote) before a call. */
    void reset() {
        name.fill((byte) 0);
        control.fill((byte) 0);
        msghdr.set(ValueLayout.ADDRESS, 0, name);
        msghdr.set(ValueLayout.JAVA_INT, 8, (int) name.byteSize());
        msghdr.set(ValueLayout.ADDRESS, 32, control);
        msghdr.set(ValueLayout.JAVA_LONG, 40, control.byteSize());
        msghdr.set(ValueLayout.JAVA_INT, 48, 0);
    }

    MemorySegment segment() {
        return msghdr;
    }

    MemorySegment name() {
        return name;
    }

    MemorySegment buffer() {
        return buffer;
    }

    /** The {@code msg_flags} the kernel set (MSG_TRUNC, MSG_CTRUNC). */
    int flags() {
        return msghdr.get(ValueLayout.JAVA_INT, 48);
    }

    /** The control messages the kernel wrote; a header that does not fit ends the walk. */
    List<ControlMessage> controlMessages() {
        long length = Math.min(msghdr.get(ValueLayout.JAVA_LONG, 40), control.byteSize());
        List<ControlMessage> out = new ArrayList<>();
        long at = 0;
        while (at + CMSG_HEADER <= length) {
            long cmsgLength = control.get(ValueLayout.JAVA_LONG, at);
            if (cmsgLength < CMSG_HEADER || at + cmsgLength > length) {
                break;
            }
            int level = control.get(ValueLayout.JAVA_INT, at + 8);
            int type = control.get(ValueLayout.JAVA_INT, at + 12);
            out.add(new ControlMessage(level, type, control.asSlice(at + CMSG_HEADER, cmsgLength - CMSG_HEADER)));
            at += (cmsgLength + 7) & ~7L;
        }
        return out;
    }
}
