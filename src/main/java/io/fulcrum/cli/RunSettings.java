package io.fulcrum.cli;

import io.fulcrum.config.model.KeepalivedConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code fulcrum run} hands the daemon: the configuration as read (with how many errors and warnings were
 * reported for it), the control socket to serve and which services to forward ({@code --dataplane}).
 */
public record RunSettings(Path configFile, KeepalivedConfig config, long errors, long warnings, Path socket,
                          Dataplane dataplane) {
    public RunSettings {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(dataplane, "dataplane");
    }
}
