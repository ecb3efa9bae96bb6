package io.fulcrum.check;

import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.DnsType;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code DNS_CHECK} (keepalived's check_dns.c): one probe sends a query of {@code type} for {@code name} over UDP
 * (random id, recursion desired) and passes on the first answer with the query's id, the QR bit set and RCODE 0
 * (NOERROR). As in keepalived, datagrams with another id, or that are not responses, or shorter than a header, are
 * ignored and the wait goes on; the answer count is not looked at, so an empty NOERROR answer passes; an RCODE
 * other than 0 fails. Each wait lasts connect_timeout; at most {@link #MAX_IGNORED} ignored datagrams are read
 * before the probe gives up as timed out (keepalived shortens the wait instead; a probe has no clock).
 *
 * <p>Lines are keepalived's {@code DNS_CHECK ([10.0.0.11]:udp:53) read timeout from socket}; the down line adds
 * {@code after N retries}. keepalived logs no line when DNS_CHECK succeeds; {@link #upLine()} says
 * {@code DNS_CHECK ([..]) succeed on service.} for the runner's up transition. bindto/bind_port are honoured;
 * bind_if and fwmark are ignored and reported once by {@link #warnings()}, as is a name that cannot be encoded
 * (a label over 63 bytes, a name over 255), with which every probe fails.
 */
public final class DnsChecker implements Checker {

    /** Datagrams ignored (wrong id, not a response) before a probe gives up. */
    public static final int MAX_IGNORED = 16;
    private static final int DNS_PORT = 53;

    private final Endpoint endpoint;
    private final String name;
    private final DnsType type;
    private final String prefix;
    private final Optional<String> badName;
    private final List<String> warnings;

    public DnsChecker(DnsCheck spec, CheckTarget target) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(target, "target");
        int rsPort = target.realServer().port();
        this.endpoint = Endpoint.of(spec.options().connection().orElseThrow(), rsPort > 0 ? rsPort : DNS_PORT);
        this.name = spec.name();
        this.type = spec.type();
        this.prefix = "DNS_CHECK (" + target.rsName() + ") ";
        List<String> w = new ArrayList<>(endpoint.warnings(kind(), target.rsName()));
        Optional<String> bad = Optional.empty();
        try {
            DnsMessages.qname(name);
        } catch (IllegalArgumentException e) {
            bad = Optional.of(e.getMessage());
            w.add(e.getMessage() + ": the checker always fails");
        }
        this.badName = bad;
        this.warnings = List.copyOf(w);
    }

    /** The configured options this checker cannot honour (bind_if, fwmark), to be logged once. */
    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public String kind() {
        return "DNS_CHECK";
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        Interrupts.check();
        if (badName.isPresent()) {
            return fail(badName.get());
        }
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = DnsMessages.query(id, name, type);
        DatagramSocket s;
        try {
            s = endpoint.connectUdp();
        } catch (IOException e) {
            Interrupts.rethrow(e);
            return fail("network unreachable for " + endpoint.pair());
        }
        try (s) {
            try {
                s.send(new DatagramPacket(query, query.length));
            } catch (IOException e) {
                Interrupts.rethrow(e);
                return fail("failed to write socket.");
            }
            byte[] buf = new byte[4096];
            for (int i = 0; i <= MAX_IGNORED; i++) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (SocketTimeoutException e) {
                    Interrupts.rethrow(e);
                    return fail("read timeout from socket");
                } catch (PortUnreachableException e) {
                    Interrupts.rethrow(e);
                    return fail("failed to read socket; errno 111 (Connection refused)");
                } catch (IOException e) {
                    Interrupts.rethrow(e);
                    return fail("failed to read socket; " + e.getMessage());
                }
                Optional<DnsMessages.Header> h = DnsMessages.header(buf, p.getLength());
                if (h.isEmpty() || h.get().id() != id || !h.get().isResponse()) {
                    continue;
                }
                if (h.get().rcode() != 0) {
                    return fail("read error occurred. (rcode = " + h.get().rcode() + ")");
                }
                return ProbeResult.Success.plain();
            }
            return fail("read timeout from socket");
        }
    }

    private ProbeResult.Failure fail(String what) {
        return new ProbeResult.Failure(prefix + what);
    }

    @Override
    public Duration timeout() {
        return endpoint.timeout();
    }

    @Override
    public String upLine() {
        return prefix + "succeed on service.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return retries > 0 ? last.line() + " after " + retries + " retries" : last.line();
    }
}
