package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.cli.LogSettings;
import io.fulcrum.cli.SyslogFacility;
import io.fulcrum.nativeio.UnixDatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's syslog: RFC 3164 datagrams over an AF_UNIX datagram socket, received by a test-local receiver
 * bound to a temporary path (as /dev/log would take them).
 */
class SyslogSinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T08:05:09Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static String receive(UnixDatagramSocket receiver) throws Exception {
        Optional<byte[]> got = receiver.receive(5000, 4096);
        assertThat(got).as("a datagram within 5 s").isPresent();
        return new String(got.get(), StandardCharsets.UTF_8);
    }

    @Test
    void linesArriveAsSyslogDatagramsWithFacilityProgramAndPid() throws Exception {
        Path socket = dir.resolve("log");
        List<String> fallback = new ArrayList<>();
        try (UnixDatagramSocket receiver = UnixDatagramSocket.bind(socket);
             SyslogSink sink = SyslogSink.open(new LogSettings(true, SyslogFacility.LOCAL3, socket), 4242, CLOCK,
                     fallback::add)) {
            sink.accept("(VI_1) Entering MASTER STATE");
            sink.accept("Printing VRRP stats for process(4242) on signal");
            // local3 = 19, info = 6: 19 * 8 + 6 = 158; a day of the month under 10 is padded with a space
            assertThat(receive(receiver)).isEqualTo("<158>Nov  1 08:05:09 Fulcrum[4242]: (VI_1) Entering MASTER STATE");
            assertThat(receive(receiver)).isEqualTo("<158>Nov  1 08:05:09 Fulcrum[4242]: Printing VRRP stats for"
                    + " process(4242) on signal");
        }
        assertThat(fallback).isEmpty();
    }

    @Test
    void daemonFacilityByDefaultAndLongLinesCut() throws Exception {
        Path socket = dir.resolve("log");
        try (UnixDatagramSocket receiver = UnixDatagramSocket.bind(socket);
             SyslogSink sink = SyslogSink.open(new LogSettings(true, SyslogFacility.DAEMON, socket), 7, CLOCK,
                     line -> { })) {
            sink.accept("x".repeat(5000));
            String got = receive(receiver);
            assertThat(got).startsWith("<30>Nov  1 08:05:09 Fulcrum[7]: xxx");
            assertThat(got.getBytes(StandardCharsets.UTF_8)).hasSize(SyslogSink.MAX_MESSAGE_BYTES);
        }
    }

    @Test
    void withoutASyslogTheLinesGoToTheFallbackWithTheReasonOnce() throws Exception {
        Path socket = dir.resolve("absent");
        List<String> fallback = new ArrayList<>();
        try (SyslogSink sink = SyslogSink.open(new LogSettings(true, SyslogFacility.DAEMON, socket), 7, CLOCK,
                fallback::add)) {
            sink.accept("one");
            sink.accept("two");
            assertThat(fallback).hasSize(3);
            assertThat(fallback.get(0)).startsWith("syslog: cannot send to " + socket + " (sendto: No such file or"
                    + " directory");
            assertThat(fallback.subList(1, 3)).containsExactly("one", "two");
            try (UnixDatagramSocket receiver = UnixDatagramSocket.bind(socket)) {
                sink.accept("three");
                assertThat(receive(receiver)).endsWith("Fulcrum[7]: three");
                assertThat(fallback).last().isEqualTo("syslog: sending to " + socket + " works again");
            }
        }
        assertThat(Files.exists(socket)).isTrue(); // the receiver's file; the sink never creates one
    }

    @Test
    void facilitiesAsKeepalivedNamesThem() {
        assertThat(SyslogFacility.parse("0")).contains(SyslogFacility.LOCAL0);
        assertThat(SyslogFacility.parse("7")).contains(SyslogFacility.LOCAL7);
        assertThat(SyslogFacility.parse("Local5")).contains(SyslogFacility.LOCAL5);
        assertThat(SyslogFacility.parse("daemon")).contains(SyslogFacility.DAEMON);
        assertThat(SyslogFacility.parse("8")).isEmpty();
        assertThat(SyslogFacility.parse("kern")).isEmpty();
    }
}
