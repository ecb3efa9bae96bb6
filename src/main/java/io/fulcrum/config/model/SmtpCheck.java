package io.fulcrum.config.model;

import java.util.Objects;

/**
 * {@code SMTP_CHECK}: up when the server greets with 220 and answers {@code HELO heloName} with 250. (The
 * deprecated {@code host { }} sub-blocks become one SmtpCheck each.)
 *
 * @param heloName [smtpchecker.keepalived.org]
 */
public record SmtpCheck(CheckerOptions options, String heloName) implements CheckerSpec {

    public SmtpCheck {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(heloName, "heloName");
        if (options.connection().isEmpty()) {
            throw new IllegalArgumentException("SMTP_CHECK needs a connection");
        }
        if (heloName.isEmpty()) {
            throw new IllegalArgumentException("SMTP_CHECK helo name missing");
        }
    }

    @Override
    public String keyword() {
        return "SMTP_CHECK";
    }
}
