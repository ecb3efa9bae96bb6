package io.fulcrum.cli;

import io.fulcrum.config.model.KeepalivedConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code fulcrum run} hands the daemon: the configuration as read (with how many errors and warnings were
 * reported for it), the control socket to serve, which services to forward ({@code --dataplane}), and the two
 * IPVS sysctls of connection handling, {@code expire_nodest_conn} and {@code expire_quiescent_template}, which
 * subsystems run (keepalived's {@code --vrrp}/{@code --check}: VRRP, health checking) and whether the detail
 * lines keepalived logs with {@code -D} are logged, the proxy's transport ({@code --proxy-io}) and the packet
 * engine's workers per interface ({@code --packet-workers}, 0 = one per processor), the status page's address
 * and token as given on the command line ({@code --web}, {@code --web-token-file}), where the log goes
 * ({@code --log-syslog}), and how to read the configuration again for a reload ({@code source}: the same file,
 * config id and environment).
 */
public record RunSettings(Path configFile, KeepalivedConfig config, long errors, long warnings, Path socket,
                          Dataplane dataplane, boolean expireNodestConn, boolean expireQuiescentTemplate,
                          boolean vrrp, boolean checkers, boolean logDetail, ProxyIo proxyIo, int packetWorkers,
                          WebOption web, LogSettings logging, ConfigSource source) {
    public RunSettings {
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(source, "source");
        if (packetWorkers < 0) {
            throw new IllegalArgumentException("packet workers must not be negative: " + packetWorkers);
        }
        Objects.requireNonNull(proxyIo, "proxyIo");
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(dataplane, "dataplane");
    }

    /**
     * Without a status page asked for on the command line, logging to stdout; reloads read {@code configFile} with
     * this host's short name as config id and the process's environment.
     */
    public RunSettings(Path configFile, KeepalivedConfig config, long errors, long warnings, Path socket,
                       Dataplane dataplane, boolean expireNodestConn, boolean expireQuiescentTemplate,
                       boolean vrrp, boolean checkers, boolean logDetail, ProxyIo proxyIo, int packetWorkers) {
        this(configFile, config, errors, warnings, socket, dataplane, expireNodestConn, expireQuiescentTemplate, vrrp,
                checkers, logDetail, proxyIo, packetWorkers, WebOption.NONE, LogSettings.STDOUT,
                ConfigSource.of(configFile, ConfigSource.hostId()));
    }

    /** VRRP and health checking both on, without detail logging. */
    public RunSettings(Path configFile, KeepalivedConfig config, long errors, long warnings, Path socket,
                       Dataplane dataplane, boolean expireNodestConn, boolean expireQuiescentTemplate) {
        this(configFile, config, errors, warnings, socket, dataplane, expireNodestConn, expireQuiescentTemplate,
                true, true, false, ProxyIo.AUTO, 0);
    }

    /** With the kernel's defaults of both sysctls (off). */
    public RunSettings(Path configFile, KeepalivedConfig config, long errors, long warnings, Path socket,
                       Dataplane dataplane) {
        this(configFile, config, errors, warnings, socket, dataplane, false, false);
    }
}
