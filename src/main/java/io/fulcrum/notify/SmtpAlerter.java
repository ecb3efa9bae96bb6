package io.fulcrum.notify;

import io.fulcrum.config.model.EmailSettings;
import io.fulcrum.config.model.SmtpServer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sends e-mail alerts through global_defs' smtp_server to every notification_email address, as keepalived does
 * (smtp.c; see {@link SmtpMessage} for the exact commands and message). Each alert runs on its own virtual thread:
 * the caller never waits, not even for name resolution. A server that cannot be reached or that refuses a step
 * gives exactly one keepalived-shaped log line ({@code SMTP connection ERROR to [192.0.2.1]:25.},
 * {@code Error processing RCPT cmd on SMTP server [192.0.2.1]:25. SMTP status code = 550}, ...), never an
 * exception; a delivered alert logs nothing (keepalived says "SMTP alert successfully sent." only in detailed
 * logging).
 */
public final class SmtpAlerter {

    private final EmailSettings email;
    private final String helo;
    private final String from;
    private final Clock wallClock;
    private final Consumer<String> log;

    /**
     * @param email     the global_defs e-mail settings
     * @param localName this host's name: the default of smtp_helo_name, and of notification_email_from as
     *                  {@code keepalived@localName}
     * @param wallClock the clock (and time zone) of the Date header
     * @param log       where a failed alert's line goes
     */
    public SmtpAlerter(EmailSettings email, String localName, Clock wallClock, Consumer<String> log) {
        this.email = Objects.requireNonNull(email, "email");
        Objects.requireNonNull(localName, "localName");
        this.helo = email.heloName().orElse(localName);
        this.from = email.from().orElse("keepalived@" + localName);
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Whether alerts go anywhere: keepalived sends only with an smtp_server and at least one address. */
    public boolean enabled() {
        return email.server().isPresent() && !email.recipients().isEmpty();
    }

    /**
     * Sends one alert in the background. The future completes with true when the server accepted the message
     * (250 after the final dot), false otherwise (also at once when alerts are not {@link #enabled()}).
     */
    public CompletableFuture<Boolean> send(String subject, String body) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        if (!enabled()) {
            return CompletableFuture.completedFuture(false);
        }
        SmtpServer server = email.server().orElseThrow();
        SmtpMessage message = new SmtpMessage(helo, from, email.recipients(), subject, body,
                ZonedDateTime.ofInstant(wallClock.instant(), wallClock.getZone()));
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Thread.ofVirtual().name("smtp-alert").start(() -> {
            try {
                SmtpSession.Outcome outcome = SmtpSession.deliver(new InetSocketAddress(server.host(),
                        server.port()), email.connectTimeout(), message);
                outcome.problem().ifPresent(log);
                done.complete(outcome.delivered());
            } catch (RuntimeException e) {
                log.accept("SMTP connection ERROR to [" + server.host() + "]:" + server.port() + ".");
                done.complete(false);
            }
        });
        return done;
    }
}
