package io.fulcrum.config;

import io.fulcrum.common.Diagnostics;
import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import io.fulcrum.common.SourcePos;
import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The arguments of one statement, with typed readers. Every reader reports a problem that names the keyword, the
 * argument and what was expected, and returns empty, so a handler never sees a bad value and never throws.
 */
public final class Args {

    private final Statement statement;
    private final ParseContext context;

    Args(Statement statement, ParseContext context) {
        this.statement = statement;
        this.context = context;
    }

    public Statement statement() {
        return statement;
    }

    public String keyword() {
        return statement.name();
    }

    public SourcePos pos() {
        return statement.pos();
    }

    public int count() {
        return statement.args().size();
    }

    public boolean has(int i) {
        return i < statement.args().size();
    }

    public Token token(int i) {
        return statement.args().get(i);
    }

    public String text(int i) {
        return token(i).text();
    }

    public List<Token> rest(int from) {
        List<Token> a = statement.args();
        return from >= a.size() ? List.of() : a.subList(from, a.size());
    }

    Diagnostics diagnostics() {
        return context.diagnostics();
    }

    ParseContext context() {
        return context;
    }

    public void error(String message) {
        context.diagnostics().error(pos(), message);
    }

    public void warning(String message) {
        context.diagnostics().warning(pos(), message);
    }

    public void errorAt(Token t, String message) {
        context.diagnostics().error(t.pos(), message);
    }

    public void warningAt(Token t, String message) {
        context.diagnostics().warning(t.pos(), message);
    }

    /**
     * Checks the number of arguments: fewer than {@code min} is an error (returns false), more than {@code max} a
     * warning (the extra ones are ignored, as keepalived ignores them).
     */
    public boolean arity(int min, int max) {
        int n = count();
        if (n < min) {
            String want = min == max ? plural(min, "argument") : "at least " + plural(min, "argument");
            error("'" + keyword() + "' expects " + want + ", got " + n);
            return false;
        }
        if (n > max) {
            warningAt(token(max), "'" + keyword() + "' takes " + (max == 0 ? "no arguments" : "at most "
                    + plural(max, "argument")) + "; ignoring '" + joined(max) + "'");
        }
        return true;
    }

    /** The argument at {@code i} as a plain word, or an error saying what was expected. */
    public Optional<String> word(int i, String what) {
        if (!has(i)) {
            error("'" + keyword() + "' expects " + what);
            return Optional.empty();
        }
        return Optional.of(text(i));
    }

    /** An integer in [min, max]. */
    public OptionalLong integer(int i, long min, long max) {
        if (!has(i)) {
            error("'" + keyword() + "' expects a number (" + range(min, max) + ")");
            return OptionalLong.empty();
        }
        String s = text(i);
        long v;
        try {
            if (!s.matches("[-+]?[0-9]{1,18}")) {
                throw new NumberFormatException();
            }
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            errorAt(token(i), "'" + keyword() + "': invalid number '" + s + "' (expected " + range(min, max) + ")");
            return OptionalLong.empty();
        }
        if (v < min || v > max) {
            errorAt(token(i), "'" + keyword() + "': " + v + " is out of range (expected " + range(min, max) + ")");
            return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }

    public OptionalInt intArg(int i, int min, int max) {
        OptionalLong v = integer(i, min, max);
        return v.isPresent() ? OptionalInt.of((int) v.getAsLong()) : OptionalInt.empty();
    }

    /** A TIMER: seconds with an optional fraction, microsecond resolution, within [min, max]. */
    public Optional<Duration> timer(int i, Duration min, Duration max) {
        String want = "seconds, " + Durations.format(min) + ".." + Durations.format(max);
        if (!has(i)) {
            error("'" + keyword() + "' expects a time in " + want);
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(text(i));
        if (d.isEmpty()) {
            errorAt(token(i), "'" + keyword() + "': invalid time '" + text(i) + "' (expected " + want + ")");
            return Optional.empty();
        }
        if (d.get().compareTo(min) < 0 || d.get().compareTo(max) > 0) {
            errorAt(token(i), "'" + keyword() + "': " + text(i) + " is out of range (expected " + want + ")");
            return Optional.empty();
        }
        return d;
    }

    private static final Map<String, Boolean> BOOLEANS = Map.of("on", true, "true", true, "yes", true,
            "off", false, "false", false, "no", false);

    /** A BOOL: absent means true (a bare flag); otherwise on|off|true|false|yes|no. */
    public Optional<Boolean> bool(int i) {
        if (!has(i)) {
            return Optional.of(Boolean.TRUE);
        }
        Boolean b = BOOLEANS.get(text(i).toLowerCase(Locale.ROOT));
        if (b == null) {
            errorAt(token(i), "'" + keyword() + "': invalid boolean '" + text(i)
                    + "' (expected on|off|true|false|yes|no)");
            return Optional.empty();
        }
        return Optional.of(b);
    }

    /** A flag that takes no value other than an optional BOOL; reports extra arguments. */
    public Optional<Boolean> flag() {
        arity(0, 1);
        return bool(0);
    }

    public Optional<IpAddress> ip(int i) {
        if (!has(i)) {
            error("'" + keyword() + "' expects an IP address");
            return Optional.empty();
        }
        Optional<IpAddress> a = IpAddress.tryParse(text(i));
        if (a.isEmpty()) {
            errorAt(token(i), "'" + keyword() + "': invalid IP address '" + text(i) + "'");
        }
        return a;
    }

    /** {@code ADDR} or {@code ADDR/LEN} (IPv4 also {@code ADDR/NETMASK}). */
    public Optional<IpPrefix> prefix(int i) {
        if (!has(i)) {
            error("'" + keyword() + "' expects an IP address or prefix");
            return Optional.empty();
        }
        Optional<IpPrefix> p = IpPrefix.tryParse(text(i));
        if (p.isEmpty()) {
            errorAt(token(i), "'" + keyword() + "': invalid address or prefix '" + text(i) + "'");
        }
        return p;
    }

    /** A port number 0..65535. */
    public OptionalInt port(int i) {
        return intArg(i, 0, 65535);
    }

    /** One of a fixed set of words (case-sensitive, like keepalived), with a suggestion when close to one. */
    public <T> Optional<T> choice(int i, Map<String, T> choices) {
        List<String> names = new ArrayList<>(choices.keySet());
        names.sort(null);
        if (!has(i)) {
            error("'" + keyword() + "' expects one of " + String.join("|", names));
            return Optional.empty();
        }
        T v = choices.get(text(i));
        if (v == null) {
            String hint = Suggestions.didYouMean(text(i), names).map(s -> "; did you mean '" + s + "'?").orElse("");
            errorAt(token(i), "'" + keyword() + "': invalid value '" + text(i) + "' (expected one of "
                    + String.join("|", names) + ")" + hint);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /**
     * A script: the command string at {@code i} (quote it to give arguments), then an optional
     * {@code user [:][group]} or {@code user:group}.
     */
    public Optional<ScriptSpec> script(int i) {
        if (!has(i)) {
            error("'" + keyword() + "' expects a script (quote it to pass arguments)");
            return Optional.empty();
        }
        List<String> argv = ScriptSpec.splitCommand(text(i));
        if (argv.isEmpty()) {
            errorAt(token(i), "'" + keyword() + "': empty script");
            return Optional.empty();
        }
        Optional<String> user = Optional.empty();
        Optional<String> group = Optional.empty();
        if (has(i + 1)) {
            Optional<RunAs> owner = runAs(i + 1);
            if (owner.isEmpty()) {
                return Optional.empty();
            }
            user = Optional.of(owner.get().user());
            group = owner.get().group();
        }
        return Optional.of(new ScriptSpec(argv, user, group));
    }

    /**
     * {@code USER [GROUP]}, {@code USER [:GROUP]} or {@code USER:GROUP} starting at word {@code i} (keepalived's
     * way of naming who runs a script). Words after the group are warned about and ignored.
     */
    public Optional<RunAs> runAs(int i) {
        if (!has(i)) {
            error("'" + keyword() + "' expects a user name");
            return Optional.empty();
        }
        if (count() > i + 2) {
            warningAt(token(i + 2), "'" + keyword() + "': extra words after the user and group ignored"
                    + " (quote a script to give it arguments)");
        }
        String u = text(i);
        String g = has(i + 1) ? text(i + 1) : "";
        int colon = u.indexOf(':');
        if (colon >= 0) {
            g = u.substring(colon + 1);
            u = u.substring(0, colon);
        }
        g = g.startsWith(":") ? g.substring(1) : g;
        if (u.isEmpty()) {
            errorAt(token(i), "'" + keyword() + "': empty user name");
            return Optional.empty();
        }
        return Optional.of(new RunAs(u, g.isEmpty() ? Optional.empty() : Optional.of(g)));
    }

    /** Reads the block with the given grammar; an error when the statement has no block. */
    public <C> void block(BlockGrammar<C> grammar, C target) {
        if (!statement.hasBlock()) {
            error("'" + keyword() + "' expects a block { ... }");
            return;
        }
        grammar.apply(statement.block(), target, context);
    }

    /** Every word inside the block, for value blocks such as {@code notification_email { a b c }}. */
    public List<Token> blockWords() {
        if (!statement.hasBlock()) {
            error("'" + keyword() + "' expects a block { ... }");
            return List.of();
        }
        List<Token> words = new ArrayList<>();
        for (Statement s : statement.block()) {
            if (s.hasBlock()) {
                context.diagnostics().error(s.pos(), "unexpected block inside '" + keyword() + "'");
            }
            words.addAll(s.words());
        }
        return words;
    }

    private String joined(int from) {
        StringBuilder sb = new StringBuilder();
        for (Token t : rest(from)) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    private static String range(long min, long max) {
        return min + ".." + max;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
