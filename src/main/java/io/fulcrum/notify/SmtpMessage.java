package io.fulcrum.notify;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The commands and the DATA of one alert, in keepalived's shapes (smtp.c): {@code HELO name},
 * {@code MAIL FROM:<from>}, one {@code RCPT TO:<to>} per address (an address written {@code Name <a@b>} is sent as
 * {@code <a@b>}), then the headers Date (RFC 822, local time of the wall clock), From, Subject,
 * {@code X-Mailer: Keepalived} and To (folded: one address per line), a blank line, the body and the final dot.
 * Unlike keepalived, line ends in the body become CRLF and a body line starting with a dot is dot-stuffed, so a
 * body can never end the message early; line breaks in the subject become spaces.
 */
record SmtpMessage(String helo, String from, List<String> recipients, String subject, String body,
        ZonedDateTime date) {

    private static final DateTimeFormatter RFC822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US);

    SmtpMessage {
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(from, "from");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(date, "date");
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an alert needs a recipient");
        }
    }

    String heloCommand() {
        return "HELO " + helo + "\r\n";
    }

    String mailCommand() {
        return "MAIL FROM:" + envelope(from) + "\r\n";
    }

    String rcptCommand(String recipient) {
        return "RCPT TO:" + envelope(recipient) + "\r\n";
    }

    /** What follows the 354 reply to DATA, up to and including the final {@code .}. */
    String data() {
        StringBuilder sb = new StringBuilder()
                .append("Date: ").append(RFC822.format(date)).append("\r\n")
                .append("From: ").append(from).append("\r\n")
                .append("Subject: ").append(subject.replaceAll("[\r\n]+", " ")).append("\r\n")
                .append("X-Mailer: Keepalived\r\n")
                .append("To:");
        for (int i = 0; i < recipients.size(); i++) {
            sb.append(i == 0 ? "" : ",\r\n").append(' ').append(recipients.get(i));
        }
        sb.append("\r\n\r\n");
        String[] lines = body.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(i == 0 ? "" : "\r\n").append(lines[i].startsWith(".") ? "." : "").append(lines[i]);
        }
        return sb.append("\r\n\r\n.\r\n").toString();
    }

    /** keepalived's envelope form: {@code Name <a@b>} gives {@code <a@b>}, {@code a@b} gives {@code <a@b>}. */
    static String envelope(String address) {
        int open = address.lastIndexOf('<');
        if (address.endsWith(">") && open >= 0) {
            return address.substring(open);
        }
        return "<" + address + ">";
    }
}
