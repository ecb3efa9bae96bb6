package io.fulcrum.config.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole keepalived.conf, read and checked: every block as an immutable record with keepalived's defaults
 * applied. Lists keep the order of the file.
 */
public record KeepalivedConfig(
        GlobalDefs globalDefs,
        List<LinkbeatInterface> linkbeatInterfaces,
        List<InterfaceUpDownDelay> interfaceUpDownDelays,
        List<TrackGroup> trackGroups,
        List<StaticAddress> staticAddresses,
        List<StaticRoute> staticRoutes,
        List<StaticRule> staticRules,
        List<TrackFile> trackFiles,
        List<VrrpTrackProcess> trackProcesses,
        List<BfdInstance> bfdInstances,
        List<VrrpScript> vrrpScripts,
        List<VrrpSyncGroup> syncGroups,
        List<GarpGroup> garpGroups,
        List<VrrpInstance> vrrpInstances,
        List<VirtualServerGroup> virtualServerGroups,
        List<VirtualServer> virtualServers,
        Optional<SslSpec> ssl) {

    public KeepalivedConfig {
        Objects.requireNonNull(globalDefs, "globalDefs");
        linkbeatInterfaces = List.copyOf(linkbeatInterfaces);
        interfaceUpDownDelays = List.copyOf(interfaceUpDownDelays);
        trackGroups = List.copyOf(trackGroups);
        staticAddresses = List.copyOf(staticAddresses);
        staticRoutes = List.copyOf(staticRoutes);
        staticRules = List.copyOf(staticRules);
        trackFiles = List.copyOf(trackFiles);
        trackProcesses = List.copyOf(trackProcesses);
        bfdInstances = List.copyOf(bfdInstances);
        vrrpScripts = List.copyOf(vrrpScripts);
        syncGroups = List.copyOf(syncGroups);
        garpGroups = List.copyOf(garpGroups);
        vrrpInstances = List.copyOf(vrrpInstances);
        virtualServerGroups = List.copyOf(virtualServerGroups);
        virtualServers = List.copyOf(virtualServers);
        Objects.requireNonNull(ssl, "ssl");
    }
}
