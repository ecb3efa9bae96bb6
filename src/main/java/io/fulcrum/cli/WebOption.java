package io.fulcrum.cli;

import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The status page as {@code fulcrum run} asks for it: {@code --web ADDR:PORT} and the token read from
 * {@code --web-token-file}. Each wins over the configuration's web_listen / web_token.
 *
 * @param listen where to listen ({@code --web}); empty: as the configuration says
 * @param token  the bearer token ({@code --web-token-file}); empty: as the configuration says
 */
public record WebOption(Optional<Listen> listen, Optional<String> token) {

    public static final WebOption NONE = new WebOption(Optional.empty(), Optional.empty());

    public WebOption {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(token, "token");
    }

    /** An address and port. */
    public record Listen(IpAddress address, int port) {
        public Listen {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * Reads {@code --web}: {@code ADDR:PORT}, {@code [IPV6]:PORT}, or a bare {@code PORT} for 127.0.0.1.
     *
     * @throws IllegalArgumentException saying what was expected
     */
    static Listen parseListen(String text) {
        String t = text.strip();
        String host;
        String port;
        if (t.matches("[0-9]+")) {
            host = "127.0.0.1";
            port = t;
        } else if (t.startsWith("[") && t.contains("]:")) {
            host = t.substring(1, t.indexOf("]:"));
            port = t.substring(t.indexOf("]:") + 2);
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } else {
            throw new IllegalArgumentException("expected ADDR:PORT, [IPV6]:PORT or PORT, not '" + text + "'");
        }
        Optional<IpAddress> address = IpAddress.tryParse(host);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address (expected ADDR:PORT, e.g."
                    + " 127.0.0.1:8089)");
        }
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("port '" + port + "' is not in 1..65535");
        }
        return new Listen(address.get(), Integer.parseInt(port));
    }

    /**
     * Reads the token of {@code --web-token-file}: its first line, trimmed.
     *
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    static String readToken(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        String line = text.lines().findFirst().orElse("").strip();
        if (line.isEmpty() || !line.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException(file + ": expected the token on its first line (printable ASCII"
                    + " without spaces)");
        }
        return line;
    }
}
