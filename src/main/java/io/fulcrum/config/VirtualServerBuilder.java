package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.Forwarding;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.PersistenceGranularity;
import io.fulcrum.config.model.Protocol;
import io.fulcrum.config.model.ProxyProtocolVersion;
import io.fulcrum.config.model.Scheduler;
import io.fulcrum.config.model.SchedulerFlags;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.VirtualServerAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** One {@code virtual_server} block as read, before keepalived's validation rules ({@link VirtualServerFinisher}). */
final class VirtualServerBuilder {

    /** The sorry server as read. */
    static final class Sorry {
        final IpAddress address;
        int port;
        Optional<Forwarding> forwarding = Optional.empty();
        boolean inhibit;

        Sorry(IpAddress address, int port) {
            this.address = address;
            this.port = port;
        }
    }

    final VirtualServerAddress address;
    final Args at;

    Optional<Protocol> protocol = Optional.empty();
    /** The family as keepalived tracks it while reading: the address's, ip_family, or the first real server's. */
    Optional<IpFamily> family = Optional.empty();
    boolean familyExplicit;
    Optional<Scheduler> scheduler = Optional.empty();
    SchedulerFlags flags = SchedulerFlags.NONE;
    boolean ops;
    boolean hashed;
    Optional<Forwarding> forwarding = Optional.empty();
    OptionalInt persistenceTimeout = OptionalInt.empty();
    Optional<PersistenceGranularity> granularity = Optional.empty();
    Optional<String> persistenceEngine = Optional.empty();
    Optional<Args> persistenceEngineAt = Optional.empty();
    boolean haSuspend;
    boolean alpha;
    boolean omega;
    boolean inhibitOnFailure;
    long quorum = Defaults.QUORUM;
    long hysteresis = Defaults.HYSTERESIS;
    Optional<ScriptSpec> quorumUp = Optional.empty();
    Optional<ScriptSpec> quorumDown = Optional.empty();
    Optional<Sorry> sorry = Optional.empty();
    Optional<Args> sorryAt = Optional.empty();
    Optional<String> virtualhost = Optional.empty();
    Optional<Boolean> smtpAlert = Optional.empty();
    Optional<String> snmpName = Optional.empty();
    Optional<ProxyProtocolVersion> proxyProtocol = Optional.empty();
    int weight = Defaults.RS_WEIGHT;
    Duration delayLoop = Defaults.DELAY_LOOP;
    Duration connectTimeout = Defaults.CONNECT_TIMEOUT;
    OptionalLong retry = OptionalLong.empty();
    Optional<Duration> delayBeforeRetry = Optional.empty();
    Optional<Duration> warmup = Optional.empty();
    final List<RealServerBuilder> realServers = new ArrayList<>();

    VirtualServerBuilder(VirtualServerAddress address, Args at) {
        this.address = address;
        this.at = at;
        if (address instanceof VirtualServerAddress.IpPort ip) {
            family = Optional.of(IpFamily.of(ip.address()));
        }
    }

    boolean isFwmark() {
        return address instanceof VirtualServerAddress.Fwmark;
    }

    boolean isGroup() {
        return address instanceof VirtualServerAddress.Group;
    }

    /** The port of an address service; 0 for fwmark and group services. */
    int port() {
        return address instanceof VirtualServerAddress.IpPort ip ? ip.port() : 0;
    }
}
