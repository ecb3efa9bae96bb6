package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.GarpExtraInterfaces;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.config.model.OldUnicastChecksum;
import io.fulcrum.config.model.RouteSpec;
import io.fulcrum.config.model.RuleSpec;
import io.fulcrum.config.model.UnicastPeer;
import io.fulcrum.config.model.VrrpState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One vrrp_instance as read, before keepalived's completion rules ({@link VrrpCompletion}): every field is
 * "as written", with empty meaning "not given".
 */
final class VrrpInstanceBuilder {

    final ConfigBuilder cfg;
    final String name;
    /** The {@code vrrp_instance NAME} statement, where instance-wide problems are reported. */
    final Args at;
    /** keepalived's prefix for messages about this instance. */
    final String label;

    Optional<VrrpState> state = Optional.empty();
    OptionalInt priority = OptionalInt.empty();
    OptionalInt vrid = OptionalInt.empty();
    Optional<String> iface = Optional.empty();
    Optional<String> vrf = Optional.empty();
    Optional<IpFamily> family = Optional.empty();
    OptionalInt version = OptionalInt.empty();
    Optional<Duration> advertInterval = Optional.empty();
    boolean nopreempt;
    Duration preemptDelay = Duration.ZERO;

    Optional<IpAddress> sourceIp = Optional.empty();
    Optional<IpAddress> mcastDstIp = Optional.empty();
    boolean trackSrcIp;
    final List<UnicastPeer> peers = new ArrayList<>();
    OptionalInt unicastTtl = OptionalInt.empty();
    Optional<Args> unicastTtlAt = Optional.empty();
    boolean unicastFaultNoPeer;
    boolean checkUnicastSrc;
    OldUnicastChecksum oldChecksum = OldUnicastChecksum.AUTO;

    Optional<AuthType> authType = Optional.empty();
    Optional<String> authPass = Optional.empty();

    final List<IpAddressSpec> vips = new ArrayList<>();
    final List<IpAddressSpec> evips = new ArrayList<>();
    boolean noVirtualIpAddress;
    boolean promoteSecondaries;
    final List<RouteSpec> routes = new ArrayList<>();
    final List<RuleSpec> rules = new ArrayList<>();

    final TrackerSet trackers;
    boolean dontTrackPrimary;

    boolean useVmac;
    Optional<String> vmacName = Optional.empty();
    Optional<String> vmacMac = Optional.empty();
    boolean vmacXmitBase;
    boolean useVmacAddr;

    Optional<Boolean> accept = Optional.empty();
    Optional<Boolean> strict = Optional.empty();

    Optional<Duration> garpMasterDelay = Optional.empty();
    OptionalInt garpMasterRepeat = OptionalInt.empty();
    Optional<Duration> garpLowerPrioDelay = Optional.empty();
    OptionalInt garpLowerPrioRepeat = OptionalInt.empty();
    Optional<Duration> garpMasterRefresh = Optional.empty();
    OptionalInt garpMasterRefreshRepeat = OptionalInt.empty();
    Optional<GarpExtraInterfaces> garpExtraIf = Optional.empty();

    OptionalInt downTimerAdverts = OptionalInt.empty();
    Optional<Boolean> lowerPrioNoAdvert = Optional.empty();
    Optional<Boolean> higherPrioSendAdvert = Optional.empty();
    Optional<Boolean> ownerIgnoreAdverts = Optional.empty();
    Optional<Boolean> skipCheckAdvAddr = Optional.empty();
    Optional<Boolean> v3ChecksumAsV2 = Optional.empty();

    final NotifyKeywords.Builder notify;
    Optional<Boolean> notifyPriorityChanges = Optional.empty();
    Optional<Boolean> smtpAlert = Optional.empty();
    OptionalInt timerExpiredBackup = OptionalInt.empty();
    int debug;
    OptionalLong kernelRxBufSize = OptionalLong.empty();
    boolean linkbeatUsePolling;

    VrrpInstanceBuilder(ConfigBuilder cfg, String name, Args at) {
        this.cfg = cfg;
        this.name = name;
        this.at = at;
        this.label = "(" + name + ")";
        this.trackers = new TrackerSet(label);
        this.notify = new NotifyKeywords.Builder(label);
    }
}
