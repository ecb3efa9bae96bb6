package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A checker's connection keywords as read (keepalived's {@code conn_opts_t} before defaults). */
final class ConnBuilder {
    Optional<IpAddress> connectIp = Optional.empty();
    OptionalInt connectPort = OptionalInt.empty();
    Optional<IpAddress> bindTo = Optional.empty();
    OptionalInt bindPort = OptionalInt.empty();
    Optional<String> bindIf = Optional.empty();
    OptionalLong fwmark = OptionalLong.empty();
    Optional<Duration> connectTimeout = Optional.empty();

    ConnBuilder copy() {
        ConnBuilder c = new ConnBuilder();
        c.connectIp = connectIp;
        c.connectPort = connectPort;
        c.bindTo = bindTo;
        c.bindPort = bindPort;
        c.bindIf = bindIf;
        c.fwmark = fwmark;
        c.connectTimeout = connectTimeout;
        return c;
    }

    /** Whether any connection keyword was given (an SMTP_CHECK with host blocks then checks this host too). */
    boolean anySet() {
        return connectIp.isPresent() || connectPort.isPresent() || bindTo.isPresent() || bindPort.isPresent()
                || bindIf.isPresent() || fwmark.isPresent() || connectTimeout.isPresent();
    }
}
