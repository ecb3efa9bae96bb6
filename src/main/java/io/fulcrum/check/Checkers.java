package io.fulcrum.check;

import io.fulcrum.config.model.CheckerSpec;
import io.fulcrum.config.model.DnsCheck;
import io.fulcrum.config.model.FileCheck;
import io.fulcrum.config.model.HttpGet;
import io.fulcrum.config.model.KeepalivedConfig;
import io.fulcrum.config.model.MiscCheck;
import io.fulcrum.config.model.PingCheck;
import io.fulcrum.config.model.SmtpCheck;
import io.fulcrum.config.model.SslGet;
import io.fulcrum.config.model.TcpCheck;
import io.fulcrum.config.model.TrackFile;
import io.fulcrum.config.model.UdpCheck;
import java.util.function.Consumer;

/** Builds the checker of each configured kind, one class per kind. */
public final class Checkers {

    private Checkers() {
    }

    /**
     * The checker for {@code spec} of {@code target}'s real server. What a kind cannot do here (bind_if and fwmark
     * on JDK sockets, an unreadable SSL file, ...) is said once through {@code log}.
     *
     * @param config the whole configuration: its SSL block and track_file definitions
     */
    public static Checker create(CheckerSpec spec, CheckTarget target, KeepalivedConfig config, CheckPorts ports,
            Consumer<String> log) {
        Checker c = switch (spec) {
            case TcpCheck t -> new TcpChecker(t, target);
            case HttpGet h -> new HttpChecker(h, target);
            case SslGet s -> new HttpChecker(s, target, config.ssl());
            case SmtpCheck s -> new SmtpChecker(s, target);
            case DnsCheck d -> new DnsChecker(d, target);
            case UdpCheck u -> new UdpChecker(u, target);
            case PingCheck p -> new PingChecker(p, target, ports.icmp());
            case MiscCheck m -> new MiscChecker(m, target, ports.programs());
            case FileCheck f -> new FileChecker(f, target, trackFile(config, f), log);
        };
        c.warnings().forEach(log);
        return c;
    }

    /** The track_file a FILE_CHECK names; the grammar has made sure it exists. */
    private static TrackFile trackFile(KeepalivedConfig config, FileCheck f) {
        return config.trackFiles().stream().filter(t -> t.name().equals(f.trackFile())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("FILE_CHECK names the unknown track_file "
                        + f.trackFile()));
    }
}
