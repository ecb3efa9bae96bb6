package io.fulcrum.cli;

import io.fulcrum.check.GenHash;
import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.HttpProtocol;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum genhash}: what {@code keepalived --genhash} does. It GETs a url once with the request the
 * HTTP_GET/SSL_GET checker sends ({@link GenHash}) and prints the MD5 of the body, the value for a url's
 * {@code digest}, as one line of 32 hex digits; with {@code -v} first keepalived's dumps of the header and body
 * (hex and ASCII) and of the digest. An unreachable server is one line on stderr naming address:port and the
 * cause, with exit status 1.
 */
@Command(name = "genhash",
        description = "Print the MD5 digest of a page's body, for the 'digest' of an HTTP_GET or SSL_GET url block "
                + "(like keepalived --genhash).")
final class GenhashCommand implements Callable<Integer> {

    static final String HEADER_HEX = "-----------------------[    HTTP Header Buffer    ]-----------------------\n";
    static final String HEADER_ASCII = "-----------------------[ HTTP Header Ascii Buffer ]-----------------------\n";
    static final String BODY_HEX = "-----------------------[        HTML Buffer        ]-----------------------\n";
    static final String HASH = "-----------------------[    HTML hash resulting    ]-----------------------\n";
    static final String HASH_FINAL = "-----------------------[ HTML hash final resulting ]-----------------------\n";

    private final Env env;

    @Option(names = {"-s", "--server"}, required = true, paramLabel = "ADDRESS",
            description = "Server IP address.")
    String server;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: 80, 443 with -S).")
    Integer port;

    @Option(names = {"-u", "--url"}, required = true, paramLabel = "PATH", description = "Path to request.")
    String url;

    @Option(names = {"-S", "--use-ssl"}, description = "Use TLS (the certificate is not verified, as in genhash).")
    boolean ssl;

    @Option(names = {"-I", "--use-sni"}, description = "Send the virtual host (-V) as SNI in the TLS handshake.")
    boolean sni;

    @Option(names = {"-V", "--use-virtualhost"}, paramLabel = "HOST", description = "Host header to send.")
    String virtualHost;

    @Option(names = {"-P", "--protocol"}, paramLabel = "VERSION", defaultValue = "1.0",
            description = "HTTP protocol: 1.0, 1.0c (1.0 with 'Connection: close') or 1.1 (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and read timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = {"-v", "--verbose"}, description = "Dump the header, the body and the digest, as genhash -v.")
    boolean verbose;

    GenhashCommand(Env env) {
        this.env = env;
    }

    /** http_protocol from genhash's -P: 1.0, 1.0c/1.0C, 1.1; empty when invalid. */
    static Optional<HttpProtocol> protocol(String text) {
        return switch (text) {
            case "1.0" -> Optional.of(HttpProtocol.HTTP_1_0);
            case "1.0c", "1.0C" -> Optional.of(HttpProtocol.HTTP_1_0C);
            case "1.1" -> Optional.of(HttpProtocol.HTTP_1_1);
            default -> Optional.empty();
        };
    }

    /** The body of a raw HTTP response: everything after the first empty line. */
    static byte[] body(byte[] response) {
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                return Arrays.copyOfRange(response, i + 4, response.length);
            }
        }
        return new byte[0];
    }

    static String md5Hex(byte[] data) {
        return GenHash.md5Hex(data);
    }

    @Override
    public Integer call() throws InterruptedException {
        Optional<HttpProtocol> proto = protocol(protocol);
        if (proto.isEmpty()) {
            env.err().println("fulcrum genhash: invalid --protocol '" + protocol + "' (expected 1.0, 1.0c or 1.1)");
            return ExitCodes.USAGE;
        }
        Optional<IpAddress> address = IpAddress.tryParse(server);
        if (address.isEmpty()) {
            env.err().println("fulcrum genhash: server should be an IP, not " + server);
            return ExitCodes.USAGE;
        }
        int p = port != null ? port : (ssl ? 443 : 80);
        if (p < 1 || p > 65535) {
            env.err().println("fulcrum genhash: invalid port number '" + p + "'");
            return ExitCodes.USAGE;
        }
        if (timeout < 1) {
            env.err().println("fulcrum genhash: invalid timeout '" + timeout + "'");
            return ExitCodes.USAGE;
        }
        String where = (address.get().isV6() ? "[" + address.get() + "]" : address.get().toString()) + ":" + p;
        GenHash.Result r;
        try {
            r = GenHash.fetch(new GenHash.Request(address.get(), p, url, ssl, Optional.ofNullable(virtualHost), sni,
                    proto.get(), Duration.ofSeconds(timeout)));
        } catch (IOException e) {
            env.err().println("fulcrum genhash: " + where + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        PrintWriter out = env.out();
        if (verbose) {
            byte[] head = r.head();
            byte[] body = r.body();
            out.print(HEADER_HEX);
            out.print(dump(head));
            out.print(HEADER_ASCII);
            out.print(new String(head, StandardCharsets.ISO_8859_1) + "\n");
            if (body.length > 0) {
                out.print(BODY_HEX);
                out.print(dump(body));
            }
            out.print("\n" + HASH);
            out.print(dump(HexFormat.of().parseHex(r.md5())));
            out.print(HASH_FINAL);
        }
        out.print(r.md5() + "\n");
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * keepalived's dump_buffer: lines of 16 bytes, a 4-digit decimal offset, each byte as {@code " %02x"}, a
     * {@code " -"} after the eighth, then three spaces and the printable ASCII ({@code .} for the rest).
     */
    static String dump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int padded = (b.length + 15) / 16 * 16;
        for (int i = 0; i < padded; i++) {
            if (i % 16 == 0) {
                sb.append(String.format("%04d ", i & 0xffff));
            }
            sb.append(i < b.length ? String.format("%3s", String.format("%02x", b[i] & 0xff)) : "   ");
            if ((i + 1) % 8 == 0) {
                if ((i + 1) % 16 != 0) {
                    sb.append(" -");
                } else {
                    sb.append("   ");
                    for (int j = i - 15; j <= i; j++) {
                        int c = j < b.length ? b[j] & 0xff : -1;
                        sb.append(c < 0 ? ' ' : c >= 0x20 && c <= 0x7e ? (char) c : '.');
                    }
                    sb.append('\n');
                }
            }
        }
        return sb.toString();
    }
}
