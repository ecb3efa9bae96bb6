package io.fulcrum.cli;

import io.fulcrum.config.model.KeepalivedConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@code fulcrum run} hands the daemon: the configuration as read (with how many errors and warnings were
 * reported for it) and the control socket to serve.
 */
public record RunSettings(Path configFile, KeepalivedConfig config, long errors, long warnings, Path socket) {
    public RunSettings {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(socket, "socket");
    }
}
