package io.fulcrum.check;

import io.fulcrum.config.model.GlobalDefs;
import io.fulcrum.config.model.ScriptSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the actions of one {@link HealthState} call and applies keepalived's global gates: alerts only with
 * recipients and an smtp_server (smtp.c {@code smtp_alert}), FIFO lines only with notify_fifo or lvs_notify_fifo,
 * and the router_id (else the host name) in every subject.
 */
final class HealthOutput {

    private final String routerId;
    private final boolean mail;
    private final boolean fifo;
    private final boolean noCheckerEmails;
    private final List<HealthAction> actions = new ArrayList<>();

    HealthOutput(GlobalDefs globals, String hostName) {
        this.routerId = globals.routerId().orElse(hostName);
        this.mail = !globals.email().recipients().isEmpty() && globals.email().server().isPresent();
        this.fifo = globals.fifos().all().isPresent() || globals.fifos().lvs().isPresent();
        this.noCheckerEmails = globals.email().noCheckerEmails();
    }

    void add(HealthAction action) {
        actions.add(action);
    }

    void log(String line) {
        actions.add(new HealthAction.Log(line));
    }

    void script(Optional<ScriptSpec> script, boolean atShutdown) {
        script.ifPresent(s -> actions.add(new HealthAction.RunScript(s, atShutdown)));
    }

    void fifo(String line) {
        if (fifo) {
            actions.add(new HealthAction.WriteFifo(line));
        }
    }

    /** {@code [router_id] Realserver RS of virtual server VS - UP|DOWN}. */
    void realServerAlert(String rsName, String vsName, boolean up, String body) {
        alert("[" + routerId + "] Realserver " + rsName + " of virtual server " + vsName + " - " + state(up), body);
    }

    /** {@code [router_id] Virtualserver VS - UP|DOWN}. */
    void virtualServerAlert(String vsName, boolean up, String body) {
        alert("[" + routerId + "] Virtualserver " + vsName + " - " + state(up), body);
    }

    private void alert(String subject, String body) {
        if (mail) {
            actions.add(new HealthAction.SendAlert(subject, body));
        }
    }

    /** global_defs no_checker_emails: checker alerts only when the real server's state changes. */
    boolean noCheckerEmails() {
        return noCheckerEmails;
    }

    List<HealthAction> drain() {
        List<HealthAction> out = List.copyOf(actions);
        actions.clear();
        return out;
    }

    static String state(boolean up) {
        return up ? "UP" : "DOWN";
    }

    /**
     * The body of a checker's alert, as each kind's epilog words it; empty for FILE_CHECK, which sends none.
     */
    static Optional<String> checkerAlertBody(String keyword, boolean up) {
        String body = switch (keyword) {
            case "TCP_CHECK" -> up ? "=> TCP CHECK succeed on service <=" : "=> TCP CHECK failed on service <=";
            case "HTTP_GET", "SSL_GET" -> up ? "=> CHECK succeed on service <="
                    : "=> CHECK failed on service : HTTP request failed <=";
            case "SMTP_CHECK" -> up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
            case "DNS_CHECK" -> up ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=";
            case "UDP_CHECK" -> up ? "=> UDP CHECK succeed on service <=" : "=> UDP CHECK failed on service <=";
            case "PING_CHECK" -> up ? "=> ICMP CHECK succeed on service <=" : "=> ICMP CHECK failed on service <=";
            case "MISC_CHECK" -> up ? "=> MISC CHECK succeeded on service <=" : "=> MISC CHECK failed on service <=";
            default -> "";
        };
        return body.isEmpty() ? Optional.empty() : Optional.of(body);
    }
}
