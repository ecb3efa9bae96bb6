package io.fulcrum.check;

import io.fulcrum.config.model.Connection;
import io.fulcrum.config.model.PingCheck;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code PING_CHECK}: one ICMP (or ICMPv6) echo to connect_ip (the real server's address by default), from bindto
 * and bind_if when set, answered within connect_timeout (check_ping.c). Its lines: {@code ICMP connection to
 * [10.0.0.11]:tcp:80 success.}, {@code ICMP connection to address [10.0.0.11]:tcp:80 timeout.},
 * {@code ICMP connection to [10.0.0.11]:tcp:80 of [192.168.10.100]:tcp:80 failed.} (an ICMP error), and when the
 * checker goes down {@code ICMP CHECK on service [10.0.0.11]:tcp:80 of [192.168.10.100]:tcp:80 failed after 3
 * retries.} ({@code ICMP CHECK on service [10.0.0.11]:tcp:80 failed.} without retries).
 */
public final class PingChecker implements Checker {

    private final CheckTarget target;
    private final IcmpEcho icmp;
    private final Connection connection;

    public PingChecker(PingCheck spec, CheckTarget target, IcmpEcho icmp) {
        Objects.requireNonNull(spec, "spec");
        this.target = Objects.requireNonNull(target, "target");
        this.icmp = Objects.requireNonNull(icmp, "icmp");
        this.connection = spec.options().connection().orElseThrow();
    }

    @Override
    public String kind() {
        return "PING_CHECK";
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        IcmpEcho.Outcome outcome = icmp.echo(connection.connectIp(), connection.bindTo(), connection.bindIf(),
                connection.connectTimeout());
        return switch (outcome) {
            case IcmpEcho.Outcome.Reply r -> ProbeResult.Success.plain();
            case IcmpEcho.Outcome.NoReply n ->
                    new ProbeResult.Failure("ICMP connection to address " + target.rsName() + " timeout.");
            case IcmpEcho.Outcome.Error e -> new ProbeResult.Failure("ICMP connection to " + target.rsName() + " of "
                    + target.vsName() + " failed.");
            case IcmpEcho.Outcome.Unavailable u -> new ProbeResult.Failure("ICMP"
                    + (connection.connectIp().isV6() ? "v6" : "") + " connect fail to create socket (" + u.reason()
                    + ").");
        };
    }

    @Override
    public Duration timeout() {
        return connection.connectTimeout();
    }

    @Override
    public String upLine() {
        return "ICMP connection to " + target.rsName() + " success.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        if (retries > 0) {
            return "ICMP CHECK on service " + target.rsName() + " of " + target.vsName() + " failed after " + retries
                    + " retries.";
        }
        return "ICMP CHECK on service " + target.rsName() + " failed.";
    }
}
