package io.fulcrum.check;

import io.fulcrum.config.model.TcpCheck;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code TCP_CHECK} (keepalived's check_tcp.c): one probe passes when a TCP connection to connect_ip:connect_port
 * completes within connect_timeout; the connection is then closed without sending anything.
 *
 * <p>bindto and bind_port are honoured. bind_if and fwmark cannot be set on JDK sockets: they are ignored and
 * reported once by {@link #warnings()}. The lines name the real server as keepalived's {@code FMT_CHK} does (its
 * address with the virtual server's protocol), e.g. {@code TCP connection to [10.0.0.11]:tcp:80 timedout.} (sic,
 * keepalived 2.x's word).
 */
public final class TcpChecker implements Checker {

    private final Endpoint endpoint;
    private final String server;
    private final List<String> warnings;

    public TcpChecker(TcpCheck spec, CheckTarget target) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        this.endpoint = Endpoint.of(spec.options().connection().orElseThrow(), target.realServer().port());
        this.server = target.rsName();
        this.warnings = endpoint.warnings(kind(), server);
    }

    /** The configured options this checker cannot honour (bind_if, fwmark), to be logged once. */
    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String kind() {
        return "TCP_CHECK";
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        Interrupts.check();
        try {
            endpoint.connectTcp().close();
            return ProbeResult.Success.plain();
        } catch (SocketTimeoutException e) {
            Interrupts.rethrow(e);
            return new ProbeResult.Failure("TCP connection to " + server + " timedout.");
        } catch (IOException e) {
            Interrupts.rethrow(e);
            return new ProbeResult.Failure("TCP connection to " + server + " failed.");
        }
    }

    @Override
    public Duration timeout() {
        return endpoint.timeout();
    }

    @Override
    public String upLine() {
        return "TCP connection to " + server + " success.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return retries > 0 ? "TCP_CHECK on service " + server + " failed after " + retries + " retries."
                : "TCP_CHECK on service " + server + " failed.";
    }
}
