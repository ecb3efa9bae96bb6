package io.fulcrum.config.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The e-mail alert settings of global_defs.
 *
 * @param recipients            {@code notification_email} addresses, in order
 * @param from                  {@code notification_email_from} [keepalived@HOSTNAME, resolved at run time]
 * @param server                {@code smtp_server}; no alerts are sent without one
 * @param heloName              {@code smtp_helo_name} [local host name, resolved at run time]
 * @param connectTimeout        {@code smtp_connect_timeout} [30 s]
 * @param smtpAlert             {@code smtp_alert}: default for every alert; empty = not set (off)
 * @param smtpAlertVrrp         {@code smtp_alert_vrrp}: default for VRRP alerts; empty = use smtpAlert
 * @param smtpAlertChecker      {@code smtp_alert_checker}: default for checker alerts; empty = use smtpAlert
 * @param noEmailFaults         {@code no_email_faults}: no alert on entering FAULT
 * @param noCheckerEmails       {@code no_checker_emails}: no alerts for checker state changes
 * @param checkerLogAllFailures {@code checker_log_all_failures}: log every failed check
 */
public record EmailSettings(List<String> recipients, Optional<String> from, Optional<SmtpServer> server,
        Optional<String> heloName, Duration connectTimeout, Optional<Boolean> smtpAlert,
        Optional<Boolean> smtpAlertVrrp, Optional<Boolean> smtpAlertChecker, boolean noEmailFaults,
        boolean noCheckerEmails, boolean checkerLogAllFailures) {

    public EmailSettings {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(smtpAlert, "smtpAlert");
        Objects.requireNonNull(smtpAlertVrrp, "smtpAlertVrrp");
        Objects.requireNonNull(smtpAlertChecker, "smtpAlertChecker");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("smtp_connect_timeout must be positive");
        }
    }

    public static EmailSettings defaults() {
        return new EmailSettings(List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                Defaults.SMTP_CONNECT_TIMEOUT, Optional.empty(), Optional.empty(), Optional.empty(), false, false,
                false);
    }

    /** Whether VRRP instances and sync groups send alerts when they do not say (keepalived's resolution). */
    public boolean vrrpAlertsByDefault() {
        return smtpAlertVrrp.or(() -> smtpAlert).orElse(false);
    }

    /** Whether checkers send alerts when they do not say. */
    public boolean checkerAlertsByDefault() {
        return smtpAlertChecker.or(() -> smtpAlert).orElse(false);
    }
}
