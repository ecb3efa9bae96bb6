package io.fulcrum.config;

import static io.fulcrum.config.LvsFixtures.load;
import static io.fulcrum.config.LvsFixtures.problems;
import static io.fulcrum.config.LvsFixtures.vs;
import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.CheckerOptions;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.RealServer;
import io.fulcrum.config.model.Scheduler;
import io.fulcrum.config.model.SorryServer;
import io.fulcrum.config.model.StatusRange;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The virtual_server parts of the real-world seed configurations. Their global_defs and vrrp blocks belong to
 * other grammars, so only problems from the virtual_server line on are asserted.
 */
class LvsSeedsTest {

    private static LoadResult seed(String name) throws IOException {
        try (InputStream in = LvsSeedsTest.class.getResourceAsStream("/seeds/" + name)) {
            assertThat(in).as(name).isNotNull();
            return load(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Problems located at or after the virtual_server line. */
    private static List<String> lvsProblems(LoadResult r, int fromLine) {
        return r.problems().stream().filter(p -> p.pos().line() >= fromLine)
                .map(p -> p.severity().label() + " " + p.pos().line() + ":" + p.pos().column() + " " + p.message())
                .toList();
    }

    private static CheckerOptions tcpOptions(RealServer rs) {
        assertThat(rs.checkers()).hasSize(1);
        return ((TcpCheck) rs.checkers().getFirst()).options();
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-master.conf", "000-backup.conf"})
    void seed000LbAlgoLbKindNatMaskAndNbGetRetryInHttpGet(String name) throws IOException {
        LoadResult r = seed(name);
        assertThat(lvsProblems(r, 29)).containsExactly(
                "warning 31:5 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 32:5 lb_kind is deprecated - please use 'lvs_method'",
                "error 33:5 unknown keyword 'nat_mask': keepalived removed it (IPVS NAT needs no mask); delete the line",
                "warning 44:13 nb_get_retry is deprecated - please use 'retry'",
                "warning 56:13 nb_get_retry is deprecated - please use 'retry'");
        VirtualServer v = vs(r);
        assertThat(v.address()).isEqualTo(new VirtualServerAddress.IpPort(IpAddress.parse("172.17.0.10"), 80));
        assertThat(v.protocol()).contains(Protocol.TCP);
        assertThat(v.scheduler()).isEqualTo(Scheduler.RR);
        assertThat(v.forwarding()).isEqualTo(new Forwarding.DirectRouting());
        assertThat(v.persistence()).isEmpty();
        assertThat(v.checks().delayLoop()).isEqualTo(Duration.ofSeconds(6));
        assertThat(v.realServers()).extracting(rs -> rs.address() + ":" + rs.port() + "/" + rs.weight())
                .containsExactly("172.17.0.4:80/1", "172.17.0.5:80/1");
        for (RealServer rs : v.realServers()) {
            HttpGet h = (HttpGet) rs.checkers().getFirst();
            assertThat(h.options().retry()).isEqualTo(3);
            assertThat(h.options().connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(h.options().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(1));
            assertThat(h.options().delayLoop()).isEqualTo(Duration.ofSeconds(6));
            assertThat(h.http().urls()).singleElement().satisfies(u -> {
                assertThat(u.path()).isEqualTo("/");
                assertThat(u.statusCodes()).containsExactly(new StatusRange(200, 200));
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"001-master.conf", "001-backup.conf"})
    void seed001NbGetRetryInTcpCheckIsUnknownPersistence60Weight100(String name) throws IOException {
        LoadResult r = seed(name);
        assertThat(lvsProblems(r, 20)).containsExactly(
                "warning 22:5 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 23:5 lb_kind is deprecated - please use 'lvs_method'",
                "error 30:13 unknown keyword 'nb_get_retry': keepalived accepts it only in HTTP_GET and SSL_GET;"
                        + " did you mean 'retry'?",
                "error 39:13 unknown keyword 'nb_get_retry': keepalived accepts it only in HTTP_GET and SSL_GET;"
                        + " did you mean 'retry'?");
        VirtualServer v = vs(r);
        assertThat(v.persistence().orElseThrow().timeout()).isEqualTo(60);
        assertThat(v.scheduler()).isEqualTo(Scheduler.RR);
        assertThat(v.realServers()).extracting(rs -> rs.address() + ":" + rs.port() + "/" + rs.weight())
                .containsExactly("192.168.179.104:80/100", "192.168.179.99:80/100");
        for (RealServer rs : v.realServers()) {
            CheckerOptions o = tcpOptions(rs);
            assertThat(o.retry()).as("nb_get_retry is ignored: retry stays at its default").isEqualTo(1);
            assertThat(o.connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(o.connection().orElseThrow().connectPort()).hasValue(80);
            assertThat(o.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"002-master.conf", "002-backup.conf"})
    void seed002WrrPersistence50AndIdeographicSpaces(String name) throws IOException {
        LoadResult r = seed(name);
        assertThat(lvsProblems(r, 24)).containsExactly(
                "warning 34:22 U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)",
                "warning 35:35 U+3000 IDEOGRAPHIC SPACE treated as white space (keepalived would not)",
                "warning 26:7 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 27:7 lb_kind is deprecated - please use 'lvs_method'");
        VirtualServer v = vs(r);
        assertThat(v.scheduler()).isEqualTo(Scheduler.WRR);
        assertThat(v.persistence().orElseThrow().timeout()).isEqualTo(50);
        assertThat(v.checks().delayLoop()).isEqualTo(Duration.ofSeconds(3));
        for (RealServer rs : v.realServers()) {
            CheckerOptions o = tcpOptions(rs);
            // "retry 3" followed by U+3000 ideographic spaces: white space, so retry is 3
            assertThat(o.retry()).isEqualTo(3);
            assertThat(o.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
            assertThat(o.connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"003-master.conf", "003-backup.conf"})
    void seed003MisspeltPersistenceTimeAndConnectionTimeout(String name) throws IOException {
        LoadResult r = seed(name);
        assertThat(lvsProblems(r, 22)).containsExactly(
                "warning 24:2 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 25:2 lb_kind is deprecated - please use 'lvs_method'",
                "error 26:2 unknown keyword 'persistence_time' in virtual_server; did you mean 'persistence_timeout'?",
                "error 33:2 unknown keyword 'connection_timeout' in TCP_CHECK; did you mean 'connect_timeout'?",
                "error 34:2 unknown keyword 'nb_get_retry': keepalived accepts it only in HTTP_GET and SSL_GET;"
                        + " did you mean 'retry'?",
                "error 42:2 unknown keyword 'connection_timeout' in TCP_CHECK; did you mean 'connect_timeout'?",
                "error 43:2 unknown keyword 'nb_get_retry': keepalived accepts it only in HTTP_GET and SSL_GET;"
                        + " did you mean 'retry'?");
        VirtualServer v = vs(r);
        assertThat(v.persistence()).as("persistence_time is not persistence_timeout").isEmpty();
        assertThat(v.checks().delayLoop()).isEqualTo(Duration.ofSeconds(1));
        for (RealServer rs : v.realServers()) {
            CheckerOptions o = tcpOptions(rs);
            assertThat(o.connection().orElseThrow().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(o.retry()).isEqualTo(1);
            assertThat(o.delayBeforeRetry()).isEqualTo(Duration.ofSeconds(3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"004-node1.conf", "004-node2.conf"})
    void seed004SorryServerHttpGetAndTcpCheck(String name) throws IOException {
        LoadResult r = seed(name);
        assertThat(lvsProblems(r, 59)).containsExactly(
                "warning 63:1 lb_algo is deprecated - please use 'lvs_sched'",
                "warning 65:1 lb_kind is deprecated - please use 'lvs_method'",
                "warning 89:1 nb_get_retry is deprecated - please use 'retry'");
        VirtualServer v = vs(r);
        assertThat(v.scheduler()).isEqualTo(Scheduler.WRR);
        assertThat(v.sorryServer()).contains(new SorryServer(IpAddress.parse("127.0.0.1"), 80,
                new Forwarding.DirectRouting(), false));
        assertThat(v.realServers()).hasSize(2);
        HttpGet h = (HttpGet) v.realServers().get(0).checkers().getFirst();
        assertThat(h.options().retry()).isEqualTo(3);
        assertThat(h.options().delayBeforeRetry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(h.http().urls().getFirst().path()).isEqualTo("/index.html");
        CheckerOptions tcp = tcpOptions(v.realServers().get(1));
        assertThat(tcp.retry()).isEqualTo(3);
        assertThat(tcp.delayLoop()).isEqualTo(Duration.ofSeconds(1));
        assertThat(tcp.warmup()).isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-master.conf", "001-master.conf", "002-master.conf", "003-master.conf",
        "004-node1.conf"})
    void seedDumpsReadBackToTheSameModel(String name) throws IOException {
        LoadResult r = seed(name);
        String dump = ConfigDumper.dump(LvsFixtures.config(r));
        LoadResult again = load(dump);
        assertThat(problems(again)).isEmpty();
        assertThat(LvsFixtures.config(again).virtualServers()).isEqualTo(LvsFixtures.config(r).virtualServers());
        assertThat(ConfigDumper.dump(LvsFixtures.config(again))).isEqualTo(dump);
    }
}
