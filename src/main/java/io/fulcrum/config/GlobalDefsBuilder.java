package io.fulcrum.config;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.DataFiles;
import io.fulcrum.config.model.Defaults;
import io.fulcrum.config.model.DynamicInterfaces;
import io.fulcrum.config.model.EmailSettings;
import io.fulcrum.config.model.FlushOnStop;
import io.fulcrum.config.model.GarpDefaults;
import io.fulcrum.config.model.GarpExtraInterfaces;
import io.fulcrum.config.model.GarpTiming;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.LvsSettings;
import io.fulcrum.config.model.LvsSyncDaemon;
import io.fulcrum.config.model.LvsTimeouts;
import io.fulcrum.config.model.NotifyFifo;
import io.fulcrum.config.model.NotifyFifos;
import io.fulcrum.config.model.RunAs;
import io.fulcrum.config.model.ScriptSettings;
import io.fulcrum.config.model.ScriptSpec;
import io.fulcrum.config.model.SmtpServer;
import io.fulcrum.config.model.VrrpDefaults;
import io.fulcrum.config.model.WebSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The global_defs being read. keepalived lets global_defs appear more than once (later keywords win) and its
 * derived defaults (the lower-priority GARP settings follow the master ones) are settled only once everything is
 * read, so one builder lives in the configuration's finishers for the whole read and builds the record at the end.
 */
final class GlobalDefsBuilder implements Runnable {

    private final ConfigBuilder cfg;

    Optional<String> routerId = Optional.empty();
    final List<String> emails = new ArrayList<>();
    Optional<String> emailFrom = Optional.empty();
    Optional<SmtpServer> smtpServer = Optional.empty();
    Optional<String> heloName = Optional.empty();
    Duration smtpConnectTimeout = Defaults.SMTP_CONNECT_TIMEOUT;
    Optional<Boolean> smtpAlert = Optional.empty();
    Optional<Boolean> smtpAlertVrrp = Optional.empty();
    Optional<Boolean> smtpAlertChecker = Optional.empty();
    boolean noEmailFaults;
    boolean noCheckerEmails;
    boolean checkerLogAllFailures;

    Optional<ScriptSpec> startupScript = Optional.empty();
    Duration startupScriptTimeout = Defaults.STARTUP_SCRIPT_TIMEOUT;
    Optional<ScriptSpec> shutdownScript = Optional.empty();
    Duration shutdownScriptTimeout = Defaults.SHUTDOWN_SCRIPT_TIMEOUT;
    Optional<RunAs> scriptUser = Optional.empty();
    boolean scriptSecurity;

    int vrrpVersion = Defaults.VRRP_VERSION;
    IpAddress mcastGroup4 = IpAddress.parse(Defaults.VRRP_MCAST_GROUP4);
    IpAddress mcastGroup6 = IpAddress.parse(Defaults.VRRP_MCAST_GROUP6);
    String defaultInterface = Defaults.DEFAULT_INTERFACE;
    boolean checkUnicastSrc;
    boolean skipCheckAdvAddr;
    boolean strict;
    boolean v3ChecksumAsV2;
    int downTimerAdverts = Defaults.VRRP_DOWN_TIMER_ADVERTS;
    boolean lowerPrioNoAdvert;
    boolean higherPrioSendAdvert;
    boolean ownerIgnoreAdverts;
    Duration startupDelay = Defaults.VRRP_STARTUP_DELAY;
    Duration delayAfterBoot = Defaults.VRRP_DELAY_AFTER_BOOT;
    boolean logUnknownVrids;
    DynamicInterfaces dynamicInterfaces = DynamicInterfaces.OFF;
    boolean notifyPriorityChanges;

    Duration garpMasterDelay = Defaults.GARP_MASTER_DELAY;
    int garpMasterRepeat = Defaults.GARP_MASTER_REPEAT;
    Optional<Duration> garpLowerPrioDelay = Optional.empty();
    OptionalInt garpLowerPrioRepeat = OptionalInt.empty();
    Duration garpMasterRefresh = Defaults.GARP_MASTER_REFRESH;
    int garpMasterRefreshRepeat = Defaults.GARP_MASTER_REFRESH_REPEAT;
    Duration garpInterval = Defaults.GARP_INTERVAL;
    Duration gnaInterval = Defaults.GNA_INTERVAL;
    Optional<GarpExtraInterfaces> garpExtraIf = Optional.empty();

    final FifoBuilder fifo = new FifoBuilder("");
    final FifoBuilder vrrpFifo = new FifoBuilder("vrrp_");
    final FifoBuilder lvsFifo = new FifoBuilder("lvs_");
    boolean writeVrrpStatesOnReload;

    Optional<LvsSyncDaemon> syncDaemon = Optional.empty();
    /** Where lvs_sync_daemon (or lvs_sync_daemon_interface) was given, to report a missing instance. */
    Optional<Args> syncDaemonAt = Optional.empty();
    OptionalInt lvsTcp = OptionalInt.empty();
    OptionalInt lvsTcpFin = OptionalInt.empty();
    OptionalInt lvsUdp = OptionalInt.empty();
    boolean lvsFlush;
    FlushOnStop flushOnStop = FlushOnStop.NONE;
    boolean rsInitNotifies;

    Optional<String> stateDumpFile = Optional.empty();
    Optional<String> statsDumpFile = Optional.empty();
    Optional<String> jsonDumpFile = Optional.empty();
    int jsonVersion = Defaults.JSON_VERSION;
    Optional<String> reloadCheckConfig = Optional.empty();
    OptionalLong randomSeed = OptionalLong.empty();

    Optional<WebSettings.Listen> webListen = Optional.empty();
    final GlobalDefsNftablesKeywords.Nftables nftables = new GlobalDefsNftablesKeywords.Nftables();
    Optional<String> webToken = Optional.empty();

    /** One notify FIFO being read: its name, owner and script (the script may come first). */
    static final class FifoBuilder {
        final String prefix;
        Optional<String> path = Optional.empty();
        Optional<RunAs> owner = Optional.empty();
        Optional<ScriptSpec> script = Optional.empty();
        /** Where the script was given, to warn at the end when no FIFO goes with it. */
        Optional<Args> scriptAt = Optional.empty();

        FifoBuilder(String prefix) {
            this.prefix = prefix;
        }

        Optional<NotifyFifo> build() {
            return path.map(p -> new NotifyFifo(p, owner, script));
        }
    }

    private GlobalDefsBuilder(ConfigBuilder cfg) {
        this.cfg = cfg;
    }

    /** The builder of this read, created (and registered as a finisher) on first use. */
    static GlobalDefsBuilder of(ConfigBuilder cfg) {
        for (Runnable r : cfg.finishers) {
            if (r instanceof GlobalDefsBuilder g) {
                return g;
            }
        }
        GlobalDefsBuilder g = new GlobalDefsBuilder(cfg);
        cfg.finishers.add(g);
        return g;
    }

    /** The builder of this read if global settings were given, without creating one. */
    static Optional<GlobalDefsBuilder> existing(ConfigBuilder cfg) {
        for (Runnable r : cfg.finishers) {
            if (r instanceof GlobalDefsBuilder g) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    ConfigBuilder config() {
        return cfg;
    }

    /** The global settings as they will be once the read ends (for finishers that may run before ours). */
    static GlobalDefs effective(ConfigBuilder cfg) {
        for (Runnable r : cfg.finishers) {
            if (r instanceof GlobalDefsBuilder g) {
                return g.build();
            }
        }
        return cfg.globalDefs;
    }

    /** Finisher: report what only the end can tell, and publish the record. */
    @Override
    public void run() {
        for (FifoBuilder f : List.of(fifo, vrrpFifo, lvsFifo)) {
            if (f.path.isEmpty() && f.scriptAt.isPresent()) {
                f.scriptAt.get().warning(f.prefix + "notify_fifo_script given without " + f.prefix
                        + "notify_fifo - ignoring it");
            }
        }
        cfg.globalDefs = build();
    }

    GlobalDefs build() {
        EmailSettings email = new EmailSettings(emails, emailFrom, smtpServer, heloName, smtpConnectTimeout,
                smtpAlert, smtpAlertVrrp, smtpAlertChecker, noEmailFaults, noCheckerEmails, checkerLogAllFailures);
        ScriptSettings scripts = new ScriptSettings(startupScript, startupScriptTimeout, shutdownScript,
                shutdownScriptTimeout, scriptUser, scriptSecurity);
        VrrpDefaults vrrp = new VrrpDefaults(vrrpVersion, mcastGroup4, mcastGroup6, defaultInterface,
                checkUnicastSrc, skipCheckAdvAddr, strict, v3ChecksumAsV2, downTimerAdverts, lowerPrioNoAdvert,
                higherPrioSendAdvert, ownerIgnoreAdverts, startupDelay, delayAfterBoot, logUnknownVrids,
                dynamicInterfaces, notifyPriorityChanges);
        GarpTiming timing = new GarpTiming(garpMasterDelay, garpMasterRepeat, garpLowerPrioDelay.orElse(garpMasterDelay),
                garpLowerPrioRepeat.orElse(garpMasterRepeat), garpMasterRefresh, garpMasterRefreshRepeat, garpExtraIf);
        GarpDefaults garp = new GarpDefaults(timing, garpInterval, gnaInterval);
        NotifyFifos fifos = new NotifyFifos(fifo.build(), vrrpFifo.build(), lvsFifo.build(), writeVrrpStatesOnReload);
        LvsSettings lvs = new LvsSettings(syncDaemon, new LvsTimeouts(lvsTcp, lvsTcpFin, lvsUdp), lvsFlush,
                flushOnStop, rsInitNotifies);
        DataFiles files = new DataFiles(stateDumpFile, statsDumpFile, jsonDumpFile, jsonVersion, reloadCheckConfig,
                randomSeed);
        return new GlobalDefs(routerId, email, scripts, vrrp, garp, fifos, lvs, files,
                new WebSettings(webListen, webToken), nftables.build());
    }
}
