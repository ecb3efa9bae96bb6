package io.fulcrum.check;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One GET on a new connection, as keepalived's HTTP checker does it: connect (bound as configured), TLS handshake
 * for SSL_GET, send the request, read the response, close. Every step is limited by connect_timeout; a failure is an
 * {@link ExchangeException} saying at which step.
 */
final class HttpExchange {

    /**
     * TLS of an SSL_GET exchange.
     *
     * @param context     the client context
     * @param sni         the server name to send, when SNI is on
     * @param closeNotify send close_notify before closing (tls_compliant); keepalived closes quietly otherwise
     */
    record Tls(SSLContext context, Optional<String> sni, boolean closeNotify) {
        Tls {
            Objects.requireNonNull(context, "context");
            Objects.requireNonNull(sni, "sni");
        }
    }

    /** The step at which an exchange failed. */
    enum Step {
        CONNECT_TIMEOUT, CONNECT_ERROR, HANDSHAKE, SEND, READ_TIMEOUT, READ_ERROR, NO_DATA, TOO_LARGE
    }

    /** A failed exchange. */
    static final class ExchangeException extends Exception {
        private final Step step;

        ExchangeException(Step step, Exception cause) {
            super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
            this.step = step;
        }

        Step step() {
            return step;
        }
    }

    private final Endpoint endpoint;
    private final Optional<Tls> tls;

    HttpExchange(Endpoint endpoint, Optional<Tls> tls) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    HttpResponse get(String request, int maxBody) throws ExchangeException, InterruptedException {
        Interrupts.check();
        Socket plain;
        try {
            plain = endpoint.connectTcp();
        } catch (SocketTimeoutException e) {
            Interrupts.rethrow(e);
            throw new ExchangeException(Step.CONNECT_TIMEOUT, e);
        } catch (IOException e) {
            Interrupts.rethrow(e);
            throw new ExchangeException(Step.CONNECT_ERROR, e);
        }
        Socket s = plain;
        try {
            if (tls.isPresent()) {
                s = handshake(plain, tls.get());
            }
            send(s, request);
            return receive(s, maxBody);
        } finally {
            close(plain, s);
        }
    }

    private SSLSocket handshake(Socket plain, Tls t) throws ExchangeException, InterruptedException {
        try {
            SSLSocket s = (SSLSocket) t.context().getSocketFactory()
                    .createSocket(plain, endpoint.address().toString(), endpoint.port(), true);
            SSLParameters p = s.getSSLParameters();
            List<SNIServerName> names = t.sni().<List<SNIServerName>>map(n -> List.of(new SNIHostName(n)))
                    .orElse(List.of());
            p.setServerNames(names);
            s.setSSLParameters(p);
            s.startHandshake();
            return s;
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof IOException io) {
                Interrupts.rethrow(io);
            }
            throw new ExchangeException(Step.HANDSHAKE, e);
        }
    }

    private static void send(Socket s, String request) throws ExchangeException, InterruptedException {
        try {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            Interrupts.rethrow(e);
            throw new ExchangeException(Step.SEND, e);
        }
    }

    private static HttpResponse receive(Socket s, int maxBody) throws ExchangeException, InterruptedException {
        try {
            return HttpResponseReader.read(s.getInputStream(), maxBody);
        } catch (SocketTimeoutException e) {
            Interrupts.rethrow(e);
            throw new ExchangeException(Step.READ_TIMEOUT, e);
        } catch (HttpReadException e) {
            throw new ExchangeException(switch (e.kind()) {
                case NO_DATA -> Step.NO_DATA;
                case TOO_LARGE -> Step.TOO_LARGE;
                case MALFORMED -> Step.READ_ERROR;
            }, e);
        } catch (IOException e) {
            Interrupts.rethrow(e);
            throw new ExchangeException(Step.READ_ERROR, e);
        }
    }

    private void close(Socket plain, Socket s) {
        try {
            if (s != plain && tls.orElseThrow().closeNotify()) {
                s.close();
            }
        } catch (IOException e) {
            // closing is best effort: the result is already decided
        } finally {
            try {
                plain.close();
            } catch (IOException e) {
                // same
            }
        }
    }
}
