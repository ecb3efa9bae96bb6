package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.check.HealthAction;
import io.fulcrum.check.HealthState;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.KeepalivedConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ha_suspend follows the host's addresses, as keepalived's update_checker_activity does. */
class HaSuspendTest {

    private static final String CONFIG = """
            virtual_server 10.0.0.1 80 {
                protocol TCP
                ha_suspend
                real_server 10.0.1.1 80 {
                    TCP_CHECK {
                    }
                }
            }
            virtual_server 10.0.0.2 80 {
                protocol TCP
                real_server 10.0.1.2 80 {
                    TCP_CHECK {
                    }
                }
            }
            virtual_server 10.0.0.3 80 {
                protocol TCP
                ha_suspend
                real_server 10.0.1.3 80 {
                    weight 1
                }
            }
            """;

    private static HealthState state() {
        KeepalivedConfig c = TableFixtures.config(CONFIG);
        return new HealthState(c.virtualServers(), c.globalDefs(), "host");
    }

    private static Set<IpAddress> present(String list) {
        return list.isBlank() ? Set.of()
                : Arrays.stream(list.split(" ")).map(IpAddress::parse).collect(Collectors.toSet());
    }

    private static List<String> logs(List<HealthAction> actions) {
        return actions.stream().filter(a -> a instanceof HealthAction.Log).map(a -> ((HealthAction.Log) a).line())
                .toList();
    }

    @Test
    void onlyVirtualServersWithHaSuspendAndCheckersAreFollowed() {
        assertThat(HaSuspend.followed(state())).containsExactly(
                java.util.Map.entry(0, IpAddress.parse("10.0.0.1")));
    }

    /** Each step is the set of addresses on the host; the lines the state logs, and whether VS 0 is suspended. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            VIP present: nothing to say | 10.0.0.1 10.0.0.9 | ''                                                              | false
            VIP gone (BACKUP)           | 10.0.0.9          | Suspending healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80 | true
            other VIPs do not matter    | 10.0.0.2 10.0.0.3 | Suspending healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80 | true
            """)
    void afterTheStart(String what, String addresses, String line, boolean suspended) {
        HealthState s = state();
        s.startActions();
        List<String> lines = logs(HaSuspend.apply(s, present(addresses)));
        assertThat(lines).isEqualTo(line.isEmpty() ? List.of() : List.of(line));
        assertThat(s.suspended(0)).isEqualTo(suspended);
        assertThat(s.suspended(1)).isFalse();
        assertThat(logs(HaSuspend.apply(s, present(addresses)))).as("the same addresses again").isEmpty();
    }

    @Test
    void theVipComingBackResumesTheCheckers() {
        HealthState s = state();
        HaSuspend.apply(s, present("10.0.0.9"));
        assertThat(logs(s.startActions())).contains(
                "Deactivating healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80",
                "Activating healthchecker for service [10.0.1.2]:tcp:80 for VS [10.0.0.2]:tcp:80");
        assertThat(logs(HaSuspend.apply(s, present("10.0.0.1")))).containsExactly(
                "Activating healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80");
        assertThat(s.suspended(0)).isFalse();
    }

    @Test
    void theServiceLogsAndKeepsTheAddressesForTheNextState() {
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        HealthService h = HealthService.of(TableFixtures.config(CONFIG), logged::add);
        h.state().startActions();
        h.addresses(present("10.0.0.1"));
        assertThat(h.state().suspended(0)).isFalse();
        logged.clear();
        h.addresses(present("10.0.0.77"));
        assertThat(h.state().suspended(0)).isTrue();
        assertThat(logged).containsExactly(
                "Suspending healthchecker for service [10.0.1.1]:tcp:80 for VS [10.0.0.1]:tcp:80");
        HealthState next = state();
        assertThat(h.plan(next)).as("no checkers run: no plan").isEmpty();
    }

    @Test
    void theWatchReadsTheHostsAddressesFromTheKernel() throws Exception {
        assertThat(HostAddressWatch.current()).contains(IpAddress.parse("127.0.0.1"));
        java.util.concurrent.CompletableFuture<Set<IpAddress>> first = new java.util.concurrent.CompletableFuture<>();
        try (HostAddressWatch w = HostAddressWatch.start("test", first::complete, line -> { })) {
            assertThat(first.get(5, java.util.concurrent.TimeUnit.SECONDS)).contains(IpAddress.parse("127.0.0.1"));
        }
    }
}
