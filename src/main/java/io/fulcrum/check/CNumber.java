package io.fulcrum.check;

/**
 * C's {@code strtol(text, NULL, 0)}, as keepalived reads a tracked file: leading white space, an optional sign,
 * then a hexadecimal ({@code 0x}), octal (leading {@code 0}) or decimal number, up to the first character that does
 * not belong to it; no digits at all is 0.
 */
final class CNumber {

    /** The value read, and whether it overflowed a C long (the value is then LONG_MAX or LONG_MIN, as strtol's). */
    record Parsed(long value, boolean overflow) {
    }

    private CNumber() {
    }

    static Parsed strtol(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && isSpace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i < n && text.charAt(i) == '0') {
            base = 8;
            if (i + 2 < n && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')
                    && digit(text.charAt(i + 2), 16) >= 0) {
                base = 16;
                i += 2;
            }
        }
        long magnitude = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            int d = digit(text.charAt(i), base);
            if (d < 0) {
                break;
            }
            if (!overflow) {
                long next = magnitude * base + d;
                if (magnitude > (Long.MAX_VALUE - d) / base) {
                    overflow = true;
                } else {
                    magnitude = next;
                }
            }
        }
        if (overflow) {
            return new Parsed(negative ? Long.MIN_VALUE : Long.MAX_VALUE, true);
        }
        return new Parsed(negative ? -magnitude : magnitude, false);
    }

    private static int digit(char c, int base) {
        return c > 0x7f ? -1 : Character.digit(c, base);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
