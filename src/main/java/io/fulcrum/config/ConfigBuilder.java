package io.fulcrum.config;

import io.fulcrum.config.model.BfdInstance;
import io.fulcrum.config.model.GarpGroup;
import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.InterfaceUpDownDelay;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.LinkbeatInterface;
import io.fulcrum.config.model.SslSpec;
import io.fulcrum.config.model.StaticAddress;
import io.fulcrum.config.model.StaticRoute;
import io.fulcrum.config.model.StaticRule;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.TrackGroup;
import io.fulcrum.config.model.VirtualServer;
import io.fulcrum.config.model.VirtualServerGroup;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.config.model.VrrpScript;
import io.fulcrum.config.model.VrrpSyncGroup;
import io.fulcrum.config.model.VrrpTrackProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The top level while a configuration is read: each top-level keyword's handler adds its finished record here.
 * Cross-references between blocks (a track_script naming a vrrp_script, a virtual_server naming a group) are
 * resolved by the feature grammars once everything is read, through {@link #finishers}.
 */
public final class ConfigBuilder {

    GlobalDefs globalDefs = GlobalDefs.defaults();
    boolean globalDefsSeen;
    final List<LinkbeatInterface> linkbeatInterfaces = new ArrayList<>();
    final List<InterfaceUpDownDelay> interfaceUpDownDelays = new ArrayList<>();
    final List<TrackGroup> trackGroups = new ArrayList<>();
    final List<StaticAddress> staticAddresses = new ArrayList<>();
    final List<StaticRoute> staticRoutes = new ArrayList<>();
    final List<StaticRule> staticRules = new ArrayList<>();
    final List<TrackFile> trackFiles = new ArrayList<>();
    final List<VrrpTrackProcess> trackProcesses = new ArrayList<>();
    final List<BfdInstance> bfdInstances = new ArrayList<>();
    final List<VrrpScript> vrrpScripts = new ArrayList<>();
    final List<VrrpSyncGroup> syncGroups = new ArrayList<>();
    final List<GarpGroup> garpGroups = new ArrayList<>();
    final List<VrrpInstance> vrrpInstances = new ArrayList<>();
    final List<VirtualServerGroup> virtualServerGroups = new ArrayList<>();
    final List<VirtualServer> virtualServers = new ArrayList<>();
    Optional<SslSpec> ssl = Optional.empty();

    /**
     * Work done after the whole tree is read, in the order added: resolving and checking cross-references
     * (a handler may keep its builder and add its record here, once every block it may name is known).
     */
    final List<Runnable> finishers = new ArrayList<>();

    KeepalivedConfig build() {
        for (int i = 0; i < finishers.size(); i++) {
            finishers.get(i).run();
        }
        return new KeepalivedConfig(globalDefs, linkbeatInterfaces, interfaceUpDownDelays, trackGroups,
                staticAddresses, staticRoutes, staticRules, trackFiles, trackProcesses, bfdInstances, vrrpScripts,
                syncGroups, garpGroups, vrrpInstances, virtualServerGroups, virtualServers, ssl);
    }
}
