package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command's refusals, in-process (a successful start runs until a signal: see BackendIT). */
class BackendCommandTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--listen=127.0.0.1|--listen '127.0.0.1' has no port (expected ADDR:PORT or [ADDR]:PORT)",
        "--listen=127.0.0.1:65536|--listen '127.0.0.1:65536': port 65536 is out of range (0-65535)",
        "--listen=[::1]:99999|--listen '[::1]:99999': port 99999 is out of range (0-65535)",
        "--listen=web1:80|--listen 'web1:80': 'web1' is not a numeric IP address (names are not resolved)",
        "--status=99|--status 99 is outside 200-599",
        "--status=204|--status 204: this status cannot carry a body",
        "--fail-with=reset|--fail-with 'reset' is neither a status code nor 'close'",
        "--fail-after=-2|--fail-after -2 is negative",
        "--delay=70000|--delay 70000 ms is outside 0-60000 ms",
        "--threads=0|--threads 0 is outside 1-256",
        "--transport=uring|--transport 'uring' is not one of auto, epoll, nio"
    })
    void badArgumentsExitTwoWithOneLineNamingTheOption(String arg, String message) {
        String listen = arg.startsWith("--listen") ? arg : "--listen=127.0.0.1:0";
        CliRunner r = arg.startsWith("--listen") ? CliRunner.run("backend", listen)
                : CliRunner.run("backend", listen, arg);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("fulcrum backend: " + message + "\n"
                + "Try 'fulcrum backend --help' for usage.\n");
    }

    @Test
    void listenIsRequired() {
        CliRunner r = CliRunner.run("backend", "--text", "hello");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--listen=ADDR:PORT'");
    }

    @Test
    void anUnbindableAddressExitsOneNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String busy = "127.0.0.1:" + taken.getLocalPort();
            CliRunner r = CliRunner.run("backend", "--listen", busy, "--transport", "nio");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("fulcrum backend: cannot listen on " + busy + ": Address already in use\n");
        }
    }

    @Test
    void helpDescribesTheBehaviour() {
        CliRunner r = CliRunner.run("help", "backend");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--listen=ADDR:PORT", "--text=TEXT", "--status=CODE", "--fail-after=N",
                "--fail-with=CODE|close", "--delay=MS", "X-Fulcrum-Backend", "listening on", "405", "SIGTERM");
    }
}
