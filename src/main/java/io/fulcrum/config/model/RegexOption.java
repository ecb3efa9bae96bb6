package io.fulcrum.config.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The PCRE2 options keepalived's {@code regex_options} accepts, and what each means for java.util.regex, which
 * Fulcrum matches with: a flag, nothing (a PCRE2 optimisation or safety switch that does not change what
 * matches), or no equivalent (matching may differ from keepalived's).
 */
public enum RegexOption {
    ALLOW_EMPTY_CLASS("allow_empty_class", Effect.NO_EQUIVALENT, 0),
    ALT_BSUX("alt_bsux", Effect.NO_EQUIVALENT, 0),
    AUTO_CALLOUT("auto_callout", Effect.NONE, 0),
    CASELESS("caseless", Effect.FLAG, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
    DOLLAR_ENDONLY("dollar_endonly", Effect.NO_EQUIVALENT, 0),
    DOTALL("dotall", Effect.FLAG, Pattern.DOTALL),
    DUPNAMES("dupnames", Effect.NO_EQUIVALENT, 0),
    EXTENDED("extended", Effect.FLAG, Pattern.COMMENTS),
    FIRSTLINE("firstline", Effect.NO_EQUIVALENT, 0),
    MATCH_UNSET_BACKREF("match_unset_backref", Effect.NO_EQUIVALENT, 0),
    MULTILINE("multiline", Effect.FLAG, Pattern.MULTILINE),
    NEVER_UCP("never_ucp", Effect.NONE, 0),
    NEVER_UTF("never_utf", Effect.NONE, 0),
    NO_AUTO_CAPTURE("no_auto_capture", Effect.NONE, 0),
    NO_AUTO_POSSESS("no_auto_possess", Effect.NONE, 0),
    NO_DOTSTAR_ANCHOR("no_dotstar_anchor", Effect.NONE, 0),
    NO_START_OPTIMIZE("no_start_optimize", Effect.NONE, 0),
    UCP("ucp", Effect.FLAG, Pattern.UNICODE_CHARACTER_CLASS),
    UNGREEDY("ungreedy", Effect.NO_EQUIVALENT, 0),
    UTF("utf", Effect.NONE, 0),
    NEVER_BACKSLASH_C("never_backslash_c", Effect.NONE, 0),
    ALT_CIRCUMFLEX("alt_circumflex", Effect.NO_EQUIVALENT, 0),
    ALT_VERBNAMES("alt_verbnames", Effect.NO_EQUIVALENT, 0),
    USE_OFFSET_LIMIT("use_offset_limit", Effect.NONE, 0);

    /** What an option does in Fulcrum. */
    public enum Effect {
        /** Mapped to a java.util.regex flag. */
        FLAG,
        /** Changes nothing that matches. */
        NONE,
        /** Changes matching in PCRE2 and has no java.util.regex equivalent. */
        NO_EQUIVALENT
    }

    private final String keyword;
    private final Effect effect;
    private final int flags;

    RegexOption(String keyword, Effect effect, int flags) {
        this.keyword = keyword;
        this.effect = effect;
        this.flags = flags;
    }

    public String keyword() {
        return keyword;
    }

    public Effect effect() {
        return effect;
    }

    /** java.util.regex flags for this option (0 when none). */
    public int javaFlags() {
        return flags;
    }

    public static Map<String, RegexOption> byKeyword() {
        return Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(RegexOption::keyword,
                Function.identity()));
    }

    @Override
    public String toString() {
        return keyword;
    }
}
