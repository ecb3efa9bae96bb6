package io.fulcrum.config;

import io.fulcrum.config.model.DnsType;
import io.fulcrum.config.model.HexData;
import io.fulcrum.config.model.HttpProtocol;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.UrlSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One checker block as read: its own settings only. Inherited values are filled in when its virtual server is
 * finished ({@link CheckerResolver}), as keepalived does in {@code validate_check_config}.
 */
final class CheckerBuilder {

    /** The checker kinds Fulcrum supports, with keepalived's per-kind defaults. */
    enum Kind {
        TCP("TCP_CHECK", true), HTTP("HTTP_GET", true), SSL("SSL_GET", true), SMTP("SMTP_CHECK", true),
        DNS("DNS_CHECK", true), UDP("UDP_CHECK", true), PING("PING_CHECK", true), MISC("MISC_CHECK", false),
        FILE("FILE_CHECK", false);

        final String keyword;
        final boolean connection;

        Kind(String keyword, boolean connection) {
            this.keyword = keyword;
            this.connection = connection;
        }
    }

    final Kind kind;
    /** The checker's statement, for problems found once its virtual server is finished. */
    final Args at;
    /** Set when the block is unusable (reported already): the checker is left out. */
    boolean dropped;

    ConnBuilder conn = new ConnBuilder();
    /** SMTP_CHECK's deprecated host blocks, each its own connection. */
    final List<ConnBuilder> hosts = new ArrayList<>();

    Optional<Boolean> alpha = Optional.empty();
    OptionalLong retry = OptionalLong.empty();
    Optional<Duration> delayBeforeRetry = Optional.empty();
    Optional<Duration> warmup = Optional.empty();
    Optional<Duration> delayLoop = Optional.empty();
    boolean logAllFailures;

    // HTTP_GET / SSL_GET
    HttpProtocol httpProtocol = io.fulcrum.config.model.Defaults.HTTP_PROTOCOL;
    boolean fastRecovery;
    Optional<String> virtualhost = Optional.empty();
    final List<UrlSpec> urls = new ArrayList<>();
    boolean enableSni;
    Optional<String> sniName = Optional.empty();
    boolean tlsCompliant;

    // SMTP_CHECK
    Optional<String> heloName = Optional.empty();

    // DNS_CHECK
    DnsType dnsType = io.fulcrum.config.model.Defaults.DNS_TYPE;
    Optional<String> dnsName = Optional.empty();

    // UDP_CHECK
    Optional<HexData> payload = Optional.empty();
    boolean requireReply;
    Optional<HexData> replyData = Optional.empty();
    int minReplyLength = io.fulcrum.config.model.Defaults.UDP_MIN_REPLY_LENGTH;
    int maxReplyLength = io.fulcrum.config.model.Defaults.UDP_MAX_REPLY_LENGTH;

    // MISC_CHECK
    Optional<ScriptSpec> miscPath = Optional.empty();
    OptionalInt miscTimeout = OptionalInt.empty();
    boolean miscDynamic;
    Optional<String> user = Optional.empty();
    Optional<String> group = Optional.empty();

    // FILE_CHECK
    Optional<String> trackFile = Optional.empty();
    Optional<Args> trackFileAt = Optional.empty();
    boolean fileDynamic;
    OptionalInt fileWeight = OptionalInt.empty();
    boolean fileReverse;

    CheckerBuilder(Kind kind, Args at) {
        this.kind = kind;
        this.at = at;
    }
}
