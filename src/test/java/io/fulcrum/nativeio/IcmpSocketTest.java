package io.fulcrum.nativeio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real echoes, on loopback only (127.0.0.1 and ::1); the tests run as root, so both modes open. */
class IcmpSocketTest {

    private static final IpAddress V4 = IpAddress.parse("127.0.0.1");
    private static final IpAddress V6 = IpAddress.parse("::1");
    private static final Duration SECOND = Duration.ofSeconds(1);

    @ParameterizedTest
    @EnumSource(IcmpMode.class)
    void loopbackAnswersAnIpv4Echo(IcmpMode mode) throws Exception {
        try (IcmpSocket s = IcmpSocket.open(false, mode, Optional.empty(), Optional.empty())) {
            assertThat(s.mode()).isEqualTo(mode);
            assertThat(s.echo(V4, 1, SECOND)).isInstanceOf(EchoResult.Reply.class);
        }
    }

    @ParameterizedTest
    @EnumSource(IcmpMode.class)
    void loopbackAnswersAnIpv6Echo(IcmpMode mode) throws Exception {
        try (IcmpSocket s = IcmpSocket.open(true, mode, Optional.empty(), Optional.empty())) {
            assertThat(s.echo(V6, 7, SECOND)).isInstanceOf(EchoResult.Reply.class);
        }
    }

    @ParameterizedTest
    @EnumSource(IcmpMode.class)
    void boundToAnAddressAndAnInterface(IcmpMode mode) throws Exception {
        try (IcmpSocket s = IcmpSocket.open(false, mode, Optional.of(V4), Optional.of("lo"))) {
            assertThat(s.echo(V4, 2, SECOND)).isInstanceOf(EchoResult.Reply.class);
        }
    }

    @Test
    void severalEchoesOnOneSocketMatchTheirOwnSequence() throws Exception {
        try (IcmpSocket s = IcmpSocket.open(false, Optional.empty(), Optional.empty())) {
            for (int seq = 10; seq < 13; seq++) {
                assertThat(s.echo(V4, seq, SECOND)).isInstanceOf(EchoResult.Reply.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IcmpMode.class)
    void aReplyToAnotherRequestIsNotTakenForOurs(IcmpMode mode) throws Exception {
        try (IcmpSocket s = IcmpSocket.open(false, mode, Optional.empty(), Optional.empty())) {
            long start = System.nanoTime();
            s.send(V4, 100);
            // the reply to 100 arrives and is skipped: 101 was never sent, so nothing answers it
            EchoResult r = s.await(V4, 101, start, Duration.ofMillis(300));
            assertThat(r).isInstanceOf(EchoResult.NoReply.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void anInterruptedWaitStopsPromptly() throws Exception {
        try (IcmpSocket s = IcmpSocket.open(false, Optional.empty(), Optional.empty())) {
            CompletableFuture<Throwable> thrown = new CompletableFuture<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    s.await(V4, 5, System.nanoTime(), Duration.ofSeconds(30));
                    thrown.complete(null);
                } catch (Throwable t) {
                    thrown.complete(t);
                }
            });
            Thread.sleep(100);
            waiter.interrupt();
            assertThat(thrown.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void anUnknownInterfaceIsReportedWithErrno() {
        assertThatThrownBy(() -> IcmpSocket.open(false, Optional.empty(), Optional.of("nosuchif9")))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.operation()).isEqualTo("setsockopt(SO_BINDTODEVICE)");
                    assertThat(e.errno()).isEqualTo(19);
                    assertThat(e.getMessage()).isEqualTo("setsockopt(SO_BINDTODEVICE): No such device (errno 19)");
                });
    }

    @Test
    void anAddressNotOnThisHostCannotBeBound() {
        assertThatThrownBy(() -> IcmpSocket.open(false, Optional.of(IpAddress.parse("198.51.100.7")),
                Optional.empty()))
                .isInstanceOfSatisfying(NativeException.class, e -> {
                    assertThat(e.operation()).isEqualTo("bind");
                    assertThat(e.reason()).isEqualTo("Cannot assign requested address");
                });
    }

    @Test
    void aBindAddressOfTheOtherFamilyIsRefusedBeforeAnySystemCall() {
        assertThatThrownBy(() -> IcmpSocket.open(true, Optional.of(V4), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aClosedSocketIsNotUsedAgain() throws Exception {
        IcmpSocket s = IcmpSocket.open(false, Optional.empty(), Optional.empty());
        s.close();
        s.close();
        assertThatThrownBy(() -> s.echo(V4, 1, SECOND)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void bothFamiliesAreAvailableToRoot() {
        IcmpAvailability v4 = IcmpAvailability.probe(false);
        IcmpAvailability v6 = IcmpAvailability.probe(true);
        assertThat(v4.usable()).as(v4.reason()).isTrue();
        assertThat(v6.usable()).as(v6.reason()).isTrue();
        // root's group 0 is inside ping_group_range "0 0", the smallest range that is not empty
        assertThat(v4.mode()).contains(IcmpMode.PING);
    }
}
