package io.fulcrum.cli.ipvsadm;

/** ipvsadm's {@code string_to_number}: a whole decimal string, else -1. */
final class Numbers {

    private Numbers() {
    }

    /** Decimal digits (optionally signed) to a value, or -1 when not a number or beyond 2^62. */
    static long parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return -1;
        }
        int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length()) {
            return -1;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(s.substring(start));
        return s.charAt(0) == '-' ? (v == 0 ? 0 : -1) : v;
    }

    /** An unsigned 32-bit decimal (fwmark), or 0 when invalid. */
    static long unsigned32(String s) {
        long v = parse(s);
        return v < 0 || v > 0xFFFF_FFFFL ? 0 : v;
    }
}
