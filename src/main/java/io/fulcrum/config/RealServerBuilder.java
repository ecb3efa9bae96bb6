package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.ScriptSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One {@code real_server} block as read; unset values are inherited when its virtual server is finished. */
final class RealServerBuilder {
    final IpAddress address;
    /** 0 when not given; fixed up by the port rules when the virtual server is finished. */
    int port;
    final Args at;

    OptionalInt weight = OptionalInt.empty();
    Optional<Forwarding> forwarding = Optional.empty();
    long uthreshold;
    long lthreshold;
    Optional<ScriptSpec> notifyUp = Optional.empty();
    Optional<ScriptSpec> notifyDown = Optional.empty();
    Optional<Boolean> smtpAlert = Optional.empty();
    Optional<String> virtualhost = Optional.empty();
    Optional<String> snmpName = Optional.empty();
    Optional<Boolean> alpha = Optional.empty();
    Optional<Boolean> inhibitOnFailure = Optional.empty();
    Optional<Duration> connectTimeout = Optional.empty();
    Optional<Duration> delayLoop = Optional.empty();
    Optional<Duration> delayBeforeRetry = Optional.empty();
    Optional<Duration> warmup = Optional.empty();
    OptionalLong retry = OptionalLong.empty();
    final List<CheckerBuilder> checkers = new ArrayList<>();

    RealServerBuilder(IpAddress address, int port, Args at) {
        this.address = address;
        this.port = port;
        this.at = at;
    }
}
