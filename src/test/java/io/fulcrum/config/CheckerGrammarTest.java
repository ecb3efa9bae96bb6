package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static io.fulcrum.config.LvsFixtures.rs;
import static io.fulcrum.config.LvsFixtures.tcpRs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.DnsType;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HexData;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.HttpProtocol;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.RegexOption;
import io.fulcrum.config.model.RegexSpec;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.StatusRange;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.UdpCheck;
import io.fulcrum.config.model.UrlSpec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The checker blocks: keyword errors, deprecated and unknown keywords, and per-kind rules. */
class CheckerGrammarTest {

    /** Lines 1-5 are the virtual and real server; the checker block starts on line 6. */
    private static LoadResult checker(String block) {
        return load(tcpRs(block));
    }

    private static List<CheckerSpec> checkers(LoadResult r) {
        return rs(r).checkers();
    }

    @Test
    void nbGetRetryIsADeprecatedAliasInHttpGet() {
        LoadResult r = checker("HTTP_GET {\n  url {\n    path /\n  }\n  nb_get_retry 3\n}\n");
        assertThat(problems(r)).containsExactly("warning 10:3 nb_get_retry is deprecated - please use 'retry'");
        assertThat(((HttpGet) checkers(r).getFirst()).options().retry()).isEqualTo(3);
    }

    @Test
    void nbGetRetryIsUnknownInTcpCheckAndRetryKeepsItsDefault() {
        LoadResult r = checker("TCP_CHECK {\n  nb_get_retry 3\n}\n");
        assertThat(problems(r)).containsExactly("error 7:3 unknown keyword 'nb_get_retry': keepalived accepts it"
                + " only in HTTP_GET and SSL_GET; did you mean 'retry'?");
        assertThat(((TcpCheck) checkers(r).getFirst()).options().retry()).isEqualTo(1);
    }

    @Test
    void unknownKeywordsGetSuggestions() {
        LoadResult r = checker("TCP_CHECK {\n  connection_timeout 10\n}\n");
        assertThat(problems(r)).containsExactly(
                "error 7:3 unknown keyword 'connection_timeout' in TCP_CHECK; did you mean 'connect_timeout'?");
        assertThat(((TcpCheck) checkers(r).getFirst()).options().connection().orElseThrow().connectTimeout())
                .hasSeconds(5);
    }

    @Test
    void miscCheckHasNoConnectionKeywords() {
        LoadResult r = checker("MISC_CHECK {\n  misc_path /bin/true\n  connect_timeout 3\n}\n");
        assertThat(problems(r)).hasSize(1);
        assertThat(problems(r).getFirst()).startsWith("error 8:3 unknown keyword 'connect_timeout' in MISC_CHECK"
                + " (it belongs in ");
    }

    @Test
    void commonKeywordRanges() {
        LoadResult r = checker("""
                TCP_CHECK {
                  connect_port 0
                  bind_port 70000
                  connect_timeout 0
                  bind_if averyveryverylongname
                  retry -1
                  log_all_failures maybe
                  delay_loop 0
                  connect_ip 10.0.0.300
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 7:16 'connect_port': 0 is out of range (expected 1..65535)",
                "error 8:13 'bind_port': 70000 is out of range (expected 1..65535)",
                "error 9:19 'connect_timeout': 0 is out of range (expected seconds, 0.000001..4294.967295)",
                "error 10:3 Interface name averyveryverylongname is too long (at most 15 characters) - ignoring",
                "error 11:9 'retry': -1 is out of range (expected 0..4294967295)",
                "error 12:20 'log_all_failures': invalid boolean 'maybe' (expected on|off|true|false|yes|no)",
                "error 13:14 'delay_loop': 0 is out of range (expected seconds, 0.000001..4294967295)",
                "error 14:14 'connect_ip': invalid IP address '10.0.0.300'");
        assertThat(((TcpCheck) checkers(r).getFirst()).options().connection().orElseThrow())
                .isEqualTo(new Connection(IpAddress.parse("10.0.0.2"), OptionalInt.of(80), Optional.empty(),
                        OptionalInt.empty(), Optional.empty(), OptionalLong.empty(), java.time.Duration.ofSeconds(5)));
    }

    @Test
    void bindtoMustHaveTheFamilyOfTheAddressConnectedTo() {
        LoadResult r = checker("TCP_CHECK {\n  connect_ip 2001:db8::1\n  bindto 10.0.0.1\n}\n");
        assertThat(problems(r)).containsExactly("error 6:1 bindto address 10.0.0.1 does not match address family"
                + " of connect_ip 2001:db8::1 - ignoring bindto");
        assertThat(((TcpCheck) checkers(r).getFirst()).options().connection().orElseThrow().bindTo()).isEmpty();
    }

    @Test
    void linkLocalNeedsBindIfOtherwiseTheCheckerIsLeftOut() {
        LoadResult r = checker("TCP_CHECK {\n  connect_ip fe80::1\n}\nTCP_CHECK {\n  connect_ip fe80::1\n"
                + "  bind_if eth0\n}\n");
        assertThat(problems(r)).containsExactly(
                "error 6:1 Checker link local address fe80::1 requires a bind_if - ignoring checker");
        assertThat(checkers(r)).hasSize(1);
    }

    @Test
    void statusCodesListsAndRangesAreMergedAndBadOnesReported() {
        LoadResult r = checker("""
                HTTP_GET {
                  url {
                    path /
                    status_code 200 300-299 600 100-101 abc 201-204
                    status_code 205
                  }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 9:21 Invalid HTTP_GET status code '300-299' (expected 100..599 or a range FROM-TO within it)",
                "error 9:29 Invalid HTTP_GET status code '600' (expected 100..599 or a range FROM-TO within it)",
                "error 9:41 Invalid HTTP_GET status code 'abc' (expected 100..599 or a range FROM-TO within it)");
        UrlSpec u = ((HttpGet) checkers(r).getFirst()).http().urls().getFirst();
        assertThat(u.statusCodes()).containsExactly(new StatusRange(100, 101), new StatusRange(200, 205));
        assertThat(u.accepts(204)).isTrue();
        assertThat(u.accepts(206)).isFalse();
    }

    @Test
    void digestIs32HexDigitsAndNotRepeated() {
        LoadResult r = checker("""
                HTTP_GET {
                  url {
                    path /
                    digest 0123
                    digest 0123456789abcdef0123456789abcdeg
                    digest 0123456789ABCDEF0123456789abcdef
                    digest ffffffffffffffffffffffffffffffff
                  }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 9:5 digest '0123' character length should be 32 rather than 4",
                "error 10:5 digest '0123456789abcdef0123456789abcdeg' is not hexadecimal",
                "error 12:5 Digest 'ffffffffffffffffffffffffffffffff' is a duplicate");
        assertThat(((HttpGet) checkers(r).getFirst()).http().urls().getFirst().digest())
                .contains("0123456789abcdef0123456789abcdef");
    }

    @Test
    void aBadRegexIsAnErrorNamingThePosition() {
        LoadResult r = checker("HTTP_GET {\n  url {\n    path /\n    regex \"a(b\"\n  }\n}\n");
        assertThat(problems(r)).containsExactly(
                "error 9:11 Invalid regex: 'a(b' at offset 3: Unclosed group; the url is checked without it");
        UrlSpec u = ((HttpGet) checkers(r).getFirst()).http().urls().getFirst();
        assertThat(u.regex()).isEmpty();
    }

    @Test
    void regexWithOptionsOffsetsAndStack() {
        LoadResult r = checker("""
                HTTP_GET {
                  url {
                    path /
                    regex "^OK"
                    regex_options caseless multiline caseless ungreedy cseless
                    regex_no_match
                    regex_min_offset 2
                    regex_max_offset 10
                    regex_stack 100 200
                  }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 10:47 regex option 'ungreedy' has no java.util.regex equivalent; matching may differ from"
                        + " keepalived's",
                "error 10:56 'regex_options': invalid value 'cseless' (expected one of allow_empty_class|alt_bsux|"
                        + "alt_circumflex|alt_verbnames|auto_callout|caseless|dollar_endonly|dotall|dupnames|extended|"
                        + "firstline|match_unset_backref|multiline|never_backslash_c|never_ucp|never_utf|"
                        + "no_auto_capture|no_auto_possess|no_dotstar_anchor|no_start_optimize|ucp|ungreedy|"
                        + "use_offset_limit|utf); did you mean 'caseless'?");
        RegexSpec re = ((HttpGet) checkers(r).getFirst()).http().urls().getFirst().regex().orElseThrow();
        assertThat(re).isEqualTo(new RegexSpec("^OK", List.of(RegexOption.CASELESS, RegexOption.MULTILINE,
                RegexOption.UNGREEDY), true, OptionalLong.of(2), OptionalLong.of(10), OptionalLong.of(100),
                OptionalLong.of(200)));
        assertThat(re.compiled().matcher("x\nok").find()).isTrue();
    }

    @Test
    void regexParametersWithoutRegexAndBadOffsets() {
        LoadResult r = checker("""
                HTTP_GET {
                  url {
                    path /a
                    regex_no_match
                  }
                  url {
                    path /b
                    regex x
                    regex_min_offset 9
                    regex_max_offset 3
                    regex_stack 5 1
                  }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 7:3 regex parameters specified without regex - ignoring them",
                "error 16:5 regex stack start cannot exceed max value",
                "error 11:3 regex min offset 9 > regex_max_offset 3 - ignoring");
        List<UrlSpec> urls = ((HttpGet) checkers(r).getFirst()).http().urls();
        assertThat(urls.getFirst().regex()).isEmpty();
        assertThat(urls.get(1).regex().orElseThrow().minOffset()).isEmpty();
    }

    @Test
    void urlWithoutPathAndHttpGetWithoutUrls() {
        LoadResult r = checker("HTTP_GET {\n  url {\n    status_code 200\n  }\n}\nTCP_CHECK {\n}\n");
        assertThat(problems(r)).containsExactly(
                "error 7:3 HTTP/SSL_GET checker url has no path - ignoring",
                "error 6:1 HTTP/SSL_GET checker has no urls specified - ignoring");
        assertThat(checkers(r)).hasExactlyElementsOfTypes(TcpCheck.class);
    }

    @Test
    void httpProtocolAndSslOnlyKeywords() {
        LoadResult r = checker("""
                HTTP_GET {
                  http_protocol 2.0
                  http_protocol 1.0c
                  enable_sni
                  url {
                    path /
                    tls_compliant
                  }
                }
                SSL_GET {
                  enable_sni
                  sni_name example.com
                  tls_compliant
                  fast_recovery yes
                  virtualhost www.example.com
                  url {
                    path /
                    tls_compliant
                  }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 7:17 'http_protocol': invalid value '2.0' (expected one of 1.0|1.0C|1.0c|1.1); did you mean '1.0'?",
                "warning 9:3 'enable_sni' only applies to SSL_GET; ignored",
                "warning 12:5 'tls_compliant' only applies to SSL_GET; ignored");
        HttpGet h = (HttpGet) checkers(r).getFirst();
        assertThat(h.http().protocol()).isEqualTo(HttpProtocol.HTTP_1_0C);
        assertThat(h.http().urls().getFirst().tlsCompliant()).isFalse();
        SslGet s = (SslGet) checkers(r).get(1);
        assertThat(s.enableSni()).isTrue();
        assertThat(s.sniName()).contains("example.com");
        assertThat(s.tlsCompliant()).isTrue();
        assertThat(s.http().fastRecovery()).isTrue();
        assertThat(s.http().virtualhost()).contains("www.example.com");
        assertThat(s.http().urls().getFirst().tlsCompliant()).isTrue();
    }

    @Test
    void smtpHostBlocksAreDeprecatedAndBecomeOneCheckerEach() {
        LoadResult r = checker("""
                SMTP_CHECK {
                  helo_name me.example.com
                  connect_timeout 7
                  host {
                    connect_ip 10.0.0.20
                    connect_port 25
                  }
                  host {
                    connect_ip 10.0.0.21
                    retry 4
                  }
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 9:3 The SMTP_CHECK host block is deprecated. Please define additional checkers.",
                "warning 13:3 The SMTP_CHECK host block is deprecated. Please define additional checkers.");
        List<CheckerSpec> c = checkers(r);
        assertThat(c).hasSize(3).allMatch(x -> x instanceof SmtpCheck s && s.heloName().equals("me.example.com")
                && s.options().retry() == 4);
        List<String> targets = c.stream().map(x -> ((SmtpCheck) x).options().connection().orElseThrow())
                .map(x -> x.connectIp() + ":" + x.connectPort().orElse(0) + "/" + x.connectTimeout().toSeconds())
                .toList();
        // the checker's own connection (it set connect_timeout), then each host, which starts from a copy of it
        assertThat(targets).containsExactly("10.0.0.2:80/7", "10.0.0.20:25/7", "10.0.0.21:80/7");
    }

    @Test
    void dnsTypeAndName() {
        LoadResult r = checker("""
                DNS_CHECK {
                  type aaaa
                  type BOGUS
                  name a..b
                  name example.com
                  name example.org
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 8:8 'type': invalid value 'BOGUS' (expected one of A|AAAA|CNAME|MX|NS|SOA|TXT)",
                "error 9:3 DNS_CHECK name 'a..b' has empty label - ignoring",
                "warning 11:3 DNS_CHECK name already specified - ignoring 'example.org'");
        DnsCheck d = (DnsCheck) checkers(r).getFirst();
        assertThat(d.type()).isEqualTo(DnsType.AAAA);
        assertThat(d.name()).isEqualTo("example.com");
    }

    @Test
    void udpPayloadAndReplyAreFreeFormHex() {
        LoadResult r = checker("""
                UDP_CHECK {
                  payload Ab12f 3 456 546443123
                  require_reply 0Xx1 ff
                  min_reply_length 300
                  max_reply_length 10
                }
                UDP_CHECK {
                  payload 12x4
                  payload
                  require_reply zz
                }
                """);
        assertThat(problems(r)).containsExactly(
                "warning 6:1 UDP_CHECK min_reply length 300 > max_reply_length 10 - will always fail",
                "error 13:3 Invalid hex string for UDP_CHECK payload '12x4'",
                "error 14:3 UDP_CHECK payload requires a payload",
                "error 15:3 Invalid hex string for UDP_CHECK reply 'zz'");
        UdpCheck u = (UdpCheck) checkers(r).getFirst();
        assertThat(u.payload()).contains(new HexData("ab120f0345065464431203"));
        assertThat(u.requireReply()).isTrue();
        assertThat(u.replyData()).contains(new HexData("0xx1ff"));
        assertThat(u.replyData().orElseThrow().mask()).containsExactly(0xf0, 0x0f, 0xff);
        assertThat(u.minReplyLength()).isEqualTo(300);
        assertThat(u.maxReplyLength()).isEqualTo(10);
        UdpCheck second = (UdpCheck) checkers(r).get(1);
        assertThat(second.payload()).isEmpty();
        assertThat(second.requireReply()).isTrue();
        assertThat(second.replyData()).isEmpty();
    }

    @Test
    void miscCheckPathTimeoutUserAndDynamic() {
        LoadResult r = checker("""
                MISC_CHECK {
                  misc_timeout 0
                }
                MISC_CHECK {
                  misc_path /usr/bin/check --port 80
                  misc_timeout 4295
                  misc_timeout 30
                  user nobody:nogroup
                  misc_dynamic
                }
                MISC_CHECK {
                  misc_path "/usr/bin/other 'a b'"
                  misc_dynamic
                  user www
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 6:1 No script path has been specified for MISC_CHECKER - skipping",
                "error 11:16 'misc_timeout': 4295 is out of range (expected 0..4294)",
                "warning 5:5 Warning - more than one dynamic misc checker per real server will cause problems");
        MiscCheck m = (MiscCheck) checkers(r).getFirst();
        assertThat(m.script().argv()).containsExactly("/usr/bin/check", "--port", "80");
        assertThat(m.script().user()).contains("nobody");
        assertThat(m.script().group()).contains("nogroup");
        assertThat(m.timeoutSeconds()).hasValue(30);
        assertThat(m.dynamic()).isTrue();
        MiscCheck other = (MiscCheck) checkers(r).get(1);
        assertThat(other.script().argv()).containsExactly("/usr/bin/other", "a b");
        assertThat(other.script().group()).isEmpty();
    }

    @Test
    void fileCheckWeightAndTrackFile() {
        LoadResult r = checker("""
                FILE_CHECK {
                  weight 5
                }
                FILE_CHECK {
                  track_file tf
                  weight -2147483648
                  weight 4 sideways
                  weight -7 reverse
                  dynamic
                }
                """);
        assertThat(problems(r)).containsExactly(
                "error 6:1 FILE_CHECK has no track_file specified - ignoring",
                "error 11:10 'weight': -2147483648 is out of range (expected -2147483647..2147483647)",
                "error 12:12 'weight': invalid value 'sideways' (expected one of noreverse|reverse)",
                "warning 10:3 track_file tf not found");
        assertThat(checkers(r)).containsExactly(new FileCheck("tf", true, OptionalInt.of(-7), true));
    }

    @Test
    void bfdCheckIsRecognisedButNotSupported() {
        LoadResult r = checker("BFD_CHECK {\n  name bfd1\n}\nTCP_CHECK {\n}\n");
        assertThat(problems(r)).containsExactly(
                "warning 6:1 'BFD_CHECK' is recognised but not supported by Fulcrum; ignored");
        assertThat(checkers(r)).hasExactlyElementsOfTypes(TcpCheck.class);
    }
}
