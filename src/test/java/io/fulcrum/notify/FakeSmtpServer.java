package io.fulcrum.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * An SMTP server on 127.0.0.1 for one conversation: it sends {@code greeting}, answers each command line with
 * {@code replies.apply(line)} (and the end of the DATA with {@code replies.apply(".")}); a null answer closes the
 * connection. Everything the client sent is the transcript.
 */
final class FakeSmtpServer implements AutoCloseable {

    private final ServerSocket listener;
    private final CompletableFuture<String> transcript = new CompletableFuture<>();

    FakeSmtpServer(String greeting, Function<String, String> replies) throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> serve(greeting, replies));
    }

    /** Replies of a server that accepts everything. */
    static String accepting(String line) {
        if (line.startsWith("DATA")) {
            return "354 End data with <CR><LF>.<CR><LF>\r\n";
        }
        if (line.startsWith("QUIT")) {
            return "221 2.0.0 Bye\r\n";
        }
        return "250 OK\r\n";
    }

    int port() {
        return listener.getLocalPort();
    }

    CompletableFuture<String> transcript() {
        return transcript;
    }

    private void serve(String greeting, Function<String, String> replies) {
        StringBuilder all = new StringBuilder();
        try (Socket s = listener.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (greeting == null) {
                in.readAllBytes();
                return;
            }
            out.write(greeting.getBytes(StandardCharsets.UTF_8));
            boolean inData = false;
            StringBuilder pending = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                all.append((char) c);
                pending.append((char) c);
                String p = pending.toString();
                String reply;
                if (inData) {
                    if (!p.endsWith("\r\n.\r\n")) {
                        continue;
                    }
                    inData = false;
                    reply = replies.apply(".");
                } else {
                    if (!p.endsWith("\r\n")) {
                        continue;
                    }
                    reply = replies.apply(p);
                    inData = p.startsWith("DATA") && reply != null && reply.startsWith("354");
                }
                pending.setLength(0);
                if (reply == null) {
                    return;
                }
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away: the transcript is what came before
        } finally {
            transcript.complete(all.toString());
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
