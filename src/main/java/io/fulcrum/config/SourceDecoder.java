package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.SourcePos;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns the bytes of a configuration file into text: UTF-8, invalid sequences replaced by U+FFFD with one warning
 * per file, a leading byte-order mark dropped, and a file containing a NUL byte refused as binary.
 */
final class SourceDecoder {

    private static final char BOM = '\uFEFF';

    private SourceDecoder() {
    }

    /** The text of the file, or empty when it is binary (an error has then been reported). */
    static Optional<String> decode(byte[] data, String file, Diagnostics diagnostics) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                diagnostics.error(positionOf(data, i, file), binaryMessage(i));
                return Optional.empty();
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data);
        CharBuffer out = CharBuffer.allocate(data.length);
        int firstBad = -1;
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                if (firstBad < 0) {
                    firstBad = in.position();
                }
                out.put('\uFFFD');
                in.position(in.position() + result.length());
            } else {
                break;
            }
        }
        decoder.flush(out);
        if (firstBad >= 0) {
            diagnostics.warning(positionOf(data, firstBad, file), "invalid UTF-8 (first at byte offset " + firstBad
                    + "); invalid bytes were replaced by U+FFFD: expected a UTF-8 text file");
        }
        out.flip();
        return Optional.of(withoutBom(out.toString()));
    }

    /** Text given directly: only the NUL check and the byte-order mark apply. */
    static Optional<String> check(String text, String file, Diagnostics diagnostics) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            byte[] prefix = text.substring(0, nul).getBytes(StandardCharsets.UTF_8);
            diagnostics.error(positionOf(text, nul, file), binaryMessage(prefix.length));
            return Optional.empty();
        }
        return Optional.of(withoutBom(text));
    }

    private static String binaryMessage(int offset) {
        return "binary file (NUL byte at offset " + offset + "); not a configuration";
    }

    private static String withoutBom(String text) {
        return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
    }

    private static SourcePos positionOf(byte[] data, int offset, String file) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (data[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(data, lineStart, offset - lineStart, StandardCharsets.UTF_8);
        return new SourcePos(file, line, before.codePointCount(0, before.length()) + 1);
    }

    private static SourcePos positionOf(String text, int index, String file) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePos(file, line, text.codePointCount(lineStart, index) + 1);
    }
}
