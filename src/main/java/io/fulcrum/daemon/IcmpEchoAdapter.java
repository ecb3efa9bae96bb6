package io.fulcrum.daemon;

import io.fulcrum.check.IcmpEcho;
import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.EchoResult;
import io.fulcrum.nativeio.IcmpSocket;
import io.fulcrum.nativeio.NativeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PING_CHECK's port over {@code nativeio}: one socket per echo, as keepalived opens one per check (a ping socket,
 * or a raw socket when ping_group_range does not admit us), bound as configured, closed when the echo ends. A
 * socket that cannot be opened or bound is {@link IcmpEcho.Outcome.Unavailable} with the failing call and errno.
 */
public final class IcmpEchoAdapter implements IcmpEcho {

    private final AtomicInteger sequence = new AtomicInteger();

    @Override
    public Outcome echo(IpAddress to, Optional<IpAddress> bindTo, Optional<String> bindIf, Duration timeout)
            throws InterruptedException {
        IcmpSocket socket;
        try {
            socket = IcmpSocket.open(to.isV6(), bindTo, bindIf);
        } catch (NativeException e) {
            return new Outcome.Unavailable(e.getMessage());
        }
        try (socket) {
            return switch (socket.echo(to, sequence.incrementAndGet() & 0xffff, timeout)) {
                case EchoResult.Reply r -> new Outcome.Reply();
                case EchoResult.NoReply n -> new Outcome.NoReply();
                case EchoResult.Error e -> new Outcome.Error(e.reason());
            };
        }
    }
}
