package io.fulcrum.check;

import io.fulcrum.config.model.RegexOption;
import io.fulcrum.config.model.RegexSpec;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A url's {@code regex}, matched as keepalived matches it with PCRE2, using java.util.regex.
 *
 * <p>Subject: PCRE2 (without {@code utf}) matches bytes; so does this class, by viewing the body as ISO-8859-1
 * (one char per byte, offsets are byte offsets) and compiling the pattern's UTF-8 bytes the same way, so a
 * non-ASCII literal matches its UTF-8 bytes as in PCRE2. With the {@code utf} option the body is decoded as UTF-8
 * and offsets count chars, not bytes.
 *
 * <p>Offsets: the search starts at {@code regex_min_offset} (look-behind still sees the bytes before it), and a
 * match counts only when it starts at or before {@code regex_max_offset}, as in keepalived. {@code regex_stack}
 * (PCRE2's JIT stack) has no equivalent and is ignored; java.util.regex recurses on the thread stack, and a
 * pattern that overflows it counts as no match (as a PCRE2 match error does).
 *
 * <p>Options: see {@link RegexOption#effect()}: caseless, dotall, extended, multiline and ucp map to flags; the
 * PCRE2 optimisation switches change nothing; allow_empty_class, alt_bsux, dollar_endonly, dupnames, firstline,
 * match_unset_backref, ungreedy, alt_circumflex and alt_verbnames have no java.util.regex equivalent and are
 * ignored. Syntax differences (PCRE2 verbs, callouts, {@code \K}, recursion, conditionals) make such patterns fail
 * to compile, which the configuration already rejects. Matching checks for interruption, so a runaway pattern
 * stops when the runner interrupts the probe.
 */
final class BodyRegex {

    private final Pattern pattern;
    private final boolean utf;
    private final int minOffset;
    private final long maxOffset;

    BodyRegex(RegexSpec spec) {
        this.utf = spec.options().contains(RegexOption.UTF);
        boolean ucp = spec.options().contains(RegexOption.UCP);
        int flags = 0;
        for (RegexOption o : spec.options()) {
            flags |= o.javaFlags();
        }
        if (!utf && !ucp) {
            flags &= ~Pattern.UNICODE_CASE; // PCRE2's default tables fold ASCII only
        }
        String p = utf ? spec.pattern()
                : new String(spec.pattern().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        this.pattern = Pattern.compile(p, flags);
        this.minOffset = (int) Math.min(Integer.MAX_VALUE, spec.minOffset().orElse(0));
        this.maxOffset = spec.maxOffset().orElse(-1);
    }

    /** Whether the body has a match that starts within [regex_min_offset, regex_max_offset]. */
    boolean matches(byte[] body) throws InterruptedException {
        CharSequence subject = new Chars(utf ? new String(body, StandardCharsets.UTF_8)
                : new String(body, StandardCharsets.ISO_8859_1));
        int from = Math.min(minOffset, subject.length());
        Matcher m = pattern.matcher(subject);
        m.region(from, subject.length());
        m.useTransparentBounds(true);
        m.useAnchoringBounds(false);
        try {
            return m.find() && (maxOffset < 0 || m.start() <= maxOffset);
        } catch (StackOverflowError e) {
            return false;
        } catch (Interrupted e) {
            throw new InterruptedException("regex match interrupted");
        }
    }

    /** Thrown out of a match when the thread is interrupted. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted", null, false, false);
        }
    }

    /** A subject that stops the matcher when the thread is interrupted (checked every 4096 reads). */
    private static final class Chars implements CharSequence {
        private final String s;
        private int reads;

        Chars(String s) {
            this.s = s;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0xfff) == 0 && Thread.interrupted()) {
                throw new Interrupted();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
