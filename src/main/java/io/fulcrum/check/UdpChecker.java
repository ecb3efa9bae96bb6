package io.fulcrum.check;

import io.fulcrum.config.model.HexData;
import io.fulcrum.config.model.UdpCheck;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code UDP_CHECK} (keepalived's check_udp.c): one probe sends {@code payload} (32 random bytes when none is set)
 * on a connected UDP socket and waits connect_timeout for an answer.
 *
 * <ul>
 *   <li>Without require_reply it passes unless an ICMP error comes back: the kernel reports port unreachable to
 *       a connected socket ({@link java.net.PortUnreachableException}). A reply passes at once; silence passes after
 *       connect_timeout, so such a probe takes the whole timeout.</li>
 *   <li>With require_reply a reply must come, be min_reply_length..max_reply_length bytes long and start with the
 *       reply data, where {@code x} nibbles match anything (only the bytes both have are compared, as keepalived
 *       does). keepalived compares lengths only when reply data is given; here they apply to every required
 *       reply, as the configuration reference describes them.</li>
 * </ul>
 *
 * <p>Lines are keepalived's: {@code UDP connection to [10.0.0.11]:udp:53 failed.}, {@code UDP check to [..] reply
 * data mismatch.}, {@code UDP_CHECK on service [..] failed after N retries.} bindto/bind_port are honoured; bind_if
 * and fwmark are ignored and reported once by {@link #warnings()}.
 */
public final class UdpChecker implements Checker {

    private static final int RANDOM_PAYLOAD = 32;

    private final UdpCheck spec;
    private final Endpoint endpoint;
    private final String server;
    private final List<String> warnings;

    public UdpChecker(UdpCheck spec, CheckTarget target) {
        this.spec = Objects.requireNonNull(spec, "spec");
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
        return "UDP_CHECK";
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        Interrupts.check();
        byte[] payload = spec.payload().map(HexData::bytes).orElseGet(() -> {
            byte[] b = new byte[RANDOM_PAYLOAD];
            ThreadLocalRandom.current().nextBytes(b);
            return b;
        });
        try (DatagramSocket s = endpoint.connectUdp()) {
            s.send(new DatagramPacket(payload, payload.length));
            byte[] buf = new byte[65536];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            try {
                s.receive(reply);
            } catch (SocketTimeoutException e) {
                Interrupts.rethrow(e);
                return spec.requireReply() ? failed() : ProbeResult.Success.plain();
            }
            if (spec.requireReply() && !accepts(buf, reply.getLength())) {
                return new ProbeResult.Failure("UDP check to " + server + " reply data mismatch.");
            }
            return ProbeResult.Success.plain();
        } catch (IOException e) {
            Interrupts.rethrow(e);
            return failed();
        }
    }

    private ProbeResult.Failure failed() {
        return new ProbeResult.Failure("UDP connection to " + server + " failed.");
    }

    /** Whether a reply of {@code length} bytes has an accepted length and starts with the reply data. */
    boolean accepts(byte[] reply, int length) {
        if (length < spec.minReplyLength() || length > spec.maxReplyLength()) {
            return false;
        }
        Optional<HexData> expected = spec.replyData();
        if (expected.isEmpty()) {
            return true;
        }
        byte[] data = expected.get().bytes();
        byte[] mask = expected.get().mask();
        int n = Math.min(length, data.length);
        for (int i = 0; i < n; i++) {
            if (((reply[i] ^ data[i]) & mask[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Duration timeout() {
        return endpoint.timeout();
    }

    @Override
    public String upLine() {
        return "UDP connection to " + server + " success.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        return retries > 0 ? "UDP_CHECK on service " + server + " failed after " + retries + " retries."
                : "UDP_CHECK on service " + server + " failed.";
    }
}
