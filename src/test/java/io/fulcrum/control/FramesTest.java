package io.fulcrum.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static ReadableByteChannel in(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }

    @Test
    void aFrameIsALengthThenTheBody() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Frames.write(Channels.newChannel(out), "{}".getBytes());
        assertThat(out.toByteArray()).containsExactly(0, 0, 0, 2, '{', '}');
        ReadableByteChannel ch = in(out.toByteArray());
        assertThat(Frames.read(ch, 10)).hasValueSatisfying(b -> assertThat(b).containsExactly('{', '}'));
        assertThat(Frames.read(ch, 10)).isEmpty();
    }

    @Test
    void aConnectionEndingInsideTheLengthIsTruncated() {
        assertThatThrownBy(() -> Frames.read(in(new byte[] {0, 0}), 10)).isInstanceOf(FrameException.class)
                .hasMessage("truncated frame: the connection closed after 2 of the 4 length bytes");
    }

    @Test
    void aConnectionEndingInsideTheBodyIsTruncated() {
        assertThatThrownBy(() -> Frames.read(in(new byte[] {0, 0, 0, 5, '{', '}'}), 10))
                .isInstanceOf(FrameException.class)
                .hasMessage("truncated frame: the connection closed after 2 of the 5 bytes the frame announced");
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItsBodyIsRead() {
        byte[] header = ByteBuffer.allocate(4).putInt(-1).array();
        assertThatThrownBy(() -> Frames.read(in(header), Frames.MAX_REQUEST_BYTES))
                .isInstanceOf(FrameException.class).satisfies(e -> assertThat(((FrameException) e).reason())
                        .isEqualTo(FrameException.Reason.OVERSIZED))
                .hasMessage("frame too large: a frame of 4294967295 bytes was announced; the limit is 1048576");
    }
}
