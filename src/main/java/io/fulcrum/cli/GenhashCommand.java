package io.fulcrum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fulcrum genhash}: the MD5 digest of a page, for HTTP_GET/SSL_GET {@code digest}, like keepalived's
 * genhash. Sends the request keepalived's checker sends ({@code User-Agent: KeepAliveClient}, {@code Host}) and
 * hashes the response body as received.
 */
@Command(name = "genhash",
        description = "Print the MD5 digest of a page's body, for the 'digest' of an HTTP_GET or SSL_GET url block "
                + "(like keepalived's genhash).")
final class GenhashCommand implements Callable<Integer> {

    private static final int MAX_RESPONSE = 64 * 1024 * 1024;

    private final Env env;

    @Option(names = {"-s", "--server"}, required = true, paramLabel = "ADDRESS", description = "Server address.")
    String server;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: 80, 443 with -S).")
    Integer port;

    @Option(names = {"-u", "--url"}, required = true, paramLabel = "PATH", description = "Path to request.")
    String url;

    @Option(names = {"-S", "--use-ssl"}, description = "Use TLS (the certificate is not verified, as in genhash).")
    boolean ssl;

    @Option(names = {"-I", "--use-sni"}, description = "Send SNI in the TLS handshake (the virtualhost, see -V).")
    boolean sni;

    @Option(names = {"-V", "--use-virtualhost"}, paramLabel = "HOST", description = "Host header to send.")
    String virtualHost;

    @Option(names = {"-P", "--protocol"}, paramLabel = "VERSION", defaultValue = "1.0",
            description = "HTTP protocol: 1.0, 1.0c (1.0 with 'Connection: close') or 1.1 (default: ${DEFAULT-VALUE}).")
    String protocol;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect and read timeout in seconds (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = {"-v", "--verbose"}, description = "Show the request, the response header and the timing.")
    boolean verbose;

    GenhashCommand(Env env) {
        this.env = env;
    }

    /** The request keepalived's HTTP checker sends (observed from keepalived 2.2.7's genhash). */
    static String request(String path, String protocol, String host, int port, boolean ssl, boolean vhostGiven) {
        String p = protocol.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder("GET ").append(path).append(p.equals("1.1") ? " HTTP/1.1" : " HTTP/1.0")
                .append("\r\nUser-Agent: KeepAliveClient\r\n");
        if (!p.equals("1.0")) {
            sb.append("Connection: close\r\n");
        }
        sb.append("Host: ").append(host);
        if (!vhostGiven && port != (ssl ? 443 : 80)) {
            sb.append(':').append(port);
        }
        return sb.append("\r\n\r\n").toString();
    }

    /** The body of a raw HTTP response: everything after the first empty line. */
    static byte[] body(byte[] response) {
        for (int i = 0; i + 3 < response.length; i++) {
            if (response[i] == '\r' && response[i + 1] == '\n' && response[i + 2] == '\r' && response[i + 3] == '\n') {
                return java.util.Arrays.copyOfRange(response, i + 4, response.length);
            }
        }
        return new byte[0];
    }

    static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this Java runtime", e);
        }
    }

    @Override
    public Integer call() {
        String proto = protocol.toLowerCase(Locale.ROOT);
        if (!proto.equals("1.0") && !proto.equals("1.0c") && !proto.equals("1.1")) {
            env.err().println("fulcrum genhash: invalid --protocol '" + protocol + "' (expected 1.0, 1.0c or 1.1)");
            return ExitCodes.USAGE;
        }
        int p = port != null ? port : (ssl ? 443 : 80);
        if (p < 1 || p > 65535 || timeout < 1) {
            env.err().println("fulcrum genhash: invalid " + (timeout < 1 ? "--timeout " + timeout : "--port " + p));
            return ExitCodes.USAGE;
        }
        String host = virtualHost != null ? virtualHost : server;
        String req = request(url, proto, host, p, ssl, virtualHost != null);
        long start = System.nanoTime();
        byte[] response;
        try {
            response = fetch(req, p);
        } catch (SocketTimeoutException e) {
            env.err().println("fulcrum genhash: " + server + ":" + p + ": timed out after " + timeout + " s");
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            env.err().println("fulcrum genhash: " + server + ":" + p + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        long micros = (System.nanoTime() - start) / 1000;
        byte[] body = body(response);
        if (verbose) {
            env.out().print("Request:\n" + req.replace("\r\n", "\n"));
            String head = new String(response, 0, response.length - body.length, StandardCharsets.ISO_8859_1);
            env.out().print("Response header:\n" + head.replace("\r\n", "\n"));
            env.out().println("Body: " + body.length + " bytes");
            env.out().println("MD5 of the body:");
        }
        env.out().println(md5Hex(body));
        if (verbose) {
            env.out().println();
            env.out().println("Global response time for [" + url + "] = " + micros + " usecs");
        }
        return ExitCodes.OK;
    }

    private byte[] fetch(String req, int p) throws IOException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(server, p), timeout * 1000);
            plain.setSoTimeout(timeout * 1000);
            Socket s = ssl ? tls(plain, p) : plain;
            try {
                OutputStream out = s.getOutputStream();
                out.write(req.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = s.getInputStream();
                byte[] data = in.readNBytes(MAX_RESPONSE + 1);
                if (data.length > MAX_RESPONSE) {
                    throw new IOException("response larger than " + MAX_RESPONSE + " bytes");
                }
                return data;
            } finally {
                if (s != plain) {
                    s.close();
                }
            }
        }
    }

    private Socket tls(Socket plain, int p) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, server, p, true);
            SSLParameters params = s.getSSLParameters();
            if (sni && virtualHost != null) {
                params.setServerNames(java.util.List.of(new SNIHostName(virtualHost)));
            } else {
                params.setServerNames(java.util.List.of());
            }
            s.setSSLParameters(params);
            s.startHandshake();
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** genhash does not verify the server's certificate; neither does this command. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
