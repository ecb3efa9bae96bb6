package io.fulcrum.config;

import io.fulcrum.config.model.HttpProtocol;
import io.fulcrum.config.model.RegexOption;
import io.fulcrum.config.model.RegexSpec;
import io.fulcrum.config.model.StatusRange;
import io.fulcrum.config.model.UrlSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** HTTP_GET and SSL_GET with their url blocks (keepalived's check_http.c / check_ssl.c). */
final class HttpCheckGrammar {

    private HttpCheckGrammar() {
    }

    private static final Map<String, HttpProtocol> PROTOCOLS = Map.of("1.0", HttpProtocol.HTTP_1_0, "1.0C",
            HttpProtocol.HTTP_1_0C, "1.0c", HttpProtocol.HTTP_1_0C, "1.1", HttpProtocol.HTTP_1_1);
    private static final Pattern STATUS = Pattern.compile("([0-9]{1,9})(?:-([0-9]{1,9}))?");
    private static final Map<String, RegexOption> REGEX_OPTIONS = RegexOption.byKeyword();

    static final BlockGrammar<UrlBuilder> URL = new BlockGrammar<UrlBuilder>("url")
        .add("path", "path PATH", "The path requested, e.g. / or /health.",
            (a, u) -> LvsArgs.nonEmptyWord(a).ifPresent(p -> u.path = Optional.of(p)))
        .add("digest", "digest MD5HEX", "MD5 of the body, 32 hex digits (fulcrum genhash / keepalived --genhash).",
            (a, u) -> LvsArgs.word(a).ifPresent(d -> digest(a, u, d)))
        .add("status_code", "status_code CODE|FROM-TO ...",
            "Accepted status codes, 100..599; several lines add up [200-299].", HttpCheckGrammar::statusCodes)
        .add("virtualhost", "virtualhost NAME",
            "Host: sent for this url [the checker's, real server's or virtual server's].",
            (a, u) -> LvsArgs.nonEmptyWord(a).ifPresent(v -> u.virtualhost = Optional.of(v)))
        .add("regex", "regex EXPRESSION",
            "The body must match this regular expression (java.util.regex; keepalived uses PCRE2).",
            (a, u) -> LvsArgs.word(a).ifPresent(r -> {
                u.regex = Optional.of(r);
                u.regexAt = Optional.of(a);
            }))
        .add("regex_no_match", "regex_no_match", "A match of the regex fails the check.",
            (a, u) -> a.flag().ifPresent(b -> u.regexNoMatch = b))
        .add("regex_options", "regex_options OPTION ...",
            "PCRE2 options: caseless, dotall, multiline, extended and ucp map to java.util.regex flags.",
            HttpCheckGrammar::regexOptions)
        .add("regex_stack", "regex_stack START MAX", "PCRE2 JIT stack sizes (kept; java.util.regex needs none).",
            (a, u) -> {
                if (!a.arity(2, 2)) {
                    return;
                }
                OptionalLong start = a.integer(0, 0, Long.MAX_VALUE);
                OptionalLong max = a.integer(1, 0, Long.MAX_VALUE);
                if (start.isEmpty() || max.isEmpty()) {
                    return;
                }
                if (start.getAsLong() > max.getAsLong()) {
                    a.error("regex stack start cannot exceed max value");
                    return;
                }
                u.regexStackStart = start;
                u.regexStackMax = max;
            })
        .add("regex_min_offset", "regex_min_offset N", "First offset of the body searched [0].",
            (a, u) -> LvsArgs.longIn(a, 0, Long.MAX_VALUE - 1).ifPresent(v -> u.regexMinOffset = OptionalLong.of(v)))
        .add("regex_max_offset", "regex_max_offset N", "Last offset a match may start at [the end].",
            (a, u) -> LvsArgs.longIn(a, 0, Long.MAX_VALUE - 1).ifPresent(v -> u.regexMaxOffset = OptionalLong.of(v)))
        .add("tls_compliant", "tls_compliant",
            "SSL_GET: send close_notify before closing (newer keepalived; 2.2.7 does not know it).",
            (a, u) -> a.flag().ifPresent(b -> {
                if (u.ssl) {
                    u.tlsCompliant = b;
                } else {
                    a.warning("'tls_compliant' only applies to SSL_GET; ignored");
                }
            }));

    static final BlockGrammar<CheckerBuilder> HTTP_GET = grammar("HTTP_GET", false);
    static final BlockGrammar<CheckerBuilder> SSL_GET = grammar("SSL_GET", true);

    private static BlockGrammar<CheckerBuilder> grammar(String name, boolean ssl) {
        return CheckerGrammar.base(name, true)
            .deprecated("nb_get_retry", "retry", "nb_get_retry is deprecated - please use 'retry'")
            .add("virtualhost", "virtualhost NAME", "Host: for urls without their own [the real server's].",
                (a, c) -> LvsArgs.nonEmptyWord(a).ifPresent(v -> c.virtualhost = Optional.of(v)))
            .add("http_protocol", "http_protocol 1.0|1.0C|1.1",
                "Request version; 1.0C adds Connection: close [1.0].",
                (a, c) -> oneChoice(a, PROTOCOLS).ifPresent(p -> c.httpProtocol = p))
            .add("enable_sni", "enable_sni [BOOL]", "SSL_GET: send SNI (sni_name, else the virtualhost).",
                (a, c) -> a.flag().ifPresent(b -> {
                    if (ssl) {
                        c.enableSni = b;
                    } else {
                        a.warning("'enable_sni' only applies to SSL_GET; ignored");
                    }
                }))
            .add("sni_name", "sni_name NAME", "SSL_GET: the SNI to send (newer keepalived; 2.2.7 does not know it).",
                (a, c) -> LvsArgs.nonEmptyWord(a).ifPresent(n -> {
                    if (ssl) {
                        c.sniName = Optional.of(n);
                    } else {
                        a.warning("'sni_name' only applies to SSL_GET; ignored");
                    }
                }))
            .add("tls_compliant", "tls_compliant [BOOL]",
                "SSL_GET: send close_notify before closing (newer keepalived; 2.2.7 does not know it).",
                (a, c) -> a.flag().ifPresent(b -> {
                    if (ssl) {
                        c.tlsCompliant = b;
                    } else {
                        a.warning("'tls_compliant' only applies to SSL_GET; ignored");
                    }
                }))
            .add("fast_recovery", "fast_recovery [BOOL]",
                "When coming up, check all urls back to back instead of one per delay_loop.",
                (a, c) -> a.flag().ifPresent(b -> c.fastRecovery = b))
            .addBlock("url", "url { path ...; status_code ...; ... }", "A url to check; give several to check all.",
                URL, (a, c) -> {
                    a.arity(0, 0);
                    UrlBuilder u = new UrlBuilder(ssl);
                    a.block(URL, u);
                    finishUrl(a, u).ifPresent(c.urls::add);
                });
    }

    private static <T> Optional<T> oneChoice(Args a, Map<String, T> choices) {
        return a.arity(1, 1) ? a.choice(0, choices) : Optional.empty();
    }

    private static void digest(Args a, UrlBuilder u, String d) {
        if (u.digest.isPresent()) {
            a.error("Digest '" + d + "' is a duplicate");
        } else if (d.length() != 32) {
            a.error("digest '" + d + "' character length should be 32 rather than " + d.length());
        } else if (!d.matches("[0-9a-fA-F]{32}")) {
            a.error("digest '" + d + "' is not hexadecimal");
        } else {
            u.digest = Optional.of(d.toLowerCase(Locale.ROOT));
        }
    }

    private static void statusCodes(Args a, UrlBuilder u) {
        if (!a.has(0)) {
            a.error("'status_code' expects status codes or ranges such as 200 or 200-299");
        }
        for (Token t : a.rest(0)) {
            Matcher m = STATUS.matcher(t.text());
            int from = -1;
            int to = -1;
            if (m.matches()) {
                from = Integer.parseInt(m.group(1));
                to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
            }
            if (from < io.fulcrum.config.model.Defaults.HTTP_STATUS_MIN
                    || to > io.fulcrum.config.model.Defaults.HTTP_STATUS_MAX || from > to) {
                a.errorAt(t, "Invalid HTTP_GET status code '" + t.text() + "' (expected 100..599 or a range"
                        + " FROM-TO within it)");
                continue;
            }
            u.statusCodes.add(new StatusRange(from, to));
        }
    }

    private static void regexOptions(Args a, UrlBuilder u) {
        if (!a.has(0)) {
            a.error("'regex_options' expects options");
        }
        for (int i = 0; i < a.count(); i++) {
            Optional<RegexOption> o = a.choice(i, REGEX_OPTIONS);
            if (o.isEmpty() || u.regexOptions.contains(o.get())) {
                continue;
            }
            if (o.get().effect() == RegexOption.Effect.NO_EQUIVALENT) {
                a.warningAt(a.token(i), "regex option '" + o.get().keyword() + "' has no java.util.regex"
                        + " equivalent; matching may differ from keepalived's");
            }
            u.regexOptions.add(o.get());
        }
    }

    /** keepalived's url_check: a url needs a path; regex parameters need a regex; offsets must be ordered. */
    static Optional<UrlSpec> finishUrl(Args a, UrlBuilder u) {
        if (u.path.isEmpty()) {
            a.error("HTTP/SSL_GET checker url has no path - ignoring");
            return Optional.empty();
        }
        Optional<RegexSpec> regex = Optional.empty();
        if (u.regex.isEmpty()) {
            if (u.hasRegexParameters()) {
                a.warning("regex parameters specified without regex - ignoring them");
            }
        } else {
            if (u.regexMaxOffset.isPresent() && u.regexMinOffset.orElse(0) > u.regexMaxOffset.getAsLong()) {
                a.error("regex min offset " + u.regexMinOffset.getAsLong() + " > regex_max_offset "
                        + u.regexMaxOffset.getAsLong() + " - ignoring");
                u.regexMinOffset = OptionalLong.empty();
                u.regexMaxOffset = OptionalLong.empty();
            }
            try {
                regex = Optional.of(new RegexSpec(u.regex.get(), u.regexOptions, u.regexNoMatch, u.regexMinOffset,
                        u.regexMaxOffset, u.regexStackStart, u.regexStackMax));
            } catch (PatternSyntaxException e) {
                Args at = u.regexAt.orElse(a);
                String where = e.getIndex() >= 0 ? " at offset " + e.getIndex() : "";
                at.errorAt(at.token(0), "Invalid regex: '" + e.getPattern() + "'" + where + ": " + e.getDescription()
                        + "; the url is checked without it");
            }
        }
        return Optional.of(new UrlSpec(u.path.get(), u.digest,
                u.statusCodes.isEmpty() ? StatusRange.DEFAULT : u.statusCodes, u.virtualhost, regex,
                u.tlsCompliant));
    }
}
