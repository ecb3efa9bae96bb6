package io.fulcrum.config.model;

import io.fulcrum.common.IpAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code real_server} of a virtual server, with the virtual server's settings already inherited.
 *
 * @param address      the server's address (another family than the virtual server's only when tunnelled or FNAT)
 * @param port         its port; 0 for the real servers of a fwmark service that keep the packet's port
 * @param weight       0..2147483647 [the virtual server's weight, 1]; 0 quiesces it
 * @param forwarding   [the virtual server's lvs_method]
 * @param uthreshold   connection limit above which it is overloaded; 0 = none
 * @param lthreshold   connection count under which it is available again; 0 = 3/4 of uthreshold
 * @param notifyUp     run when the real server comes up
 * @param notifyDown   run when it goes down
 * @param smtpAlert    send mail on state changes [global smtp_alert_checker, else smtp_alert, else yes]
 * @param virtualhost  default Host: for its HTTP_GET/SSL_GET checkers
 * @param snmpName     name in SNMP data
 * @param checks       checker settings, inherited from the virtual server where not set here
 * @param checkers     health checkers; the real server is up when all of them are
 */
public record RealServer(IpAddress address, int port, int weight, Forwarding forwarding, long uthreshold,
        long lthreshold, Optional<ScriptSpec> notifyUp, Optional<ScriptSpec> notifyDown, Optional<Boolean> smtpAlert,
        Optional<String> virtualhost, Optional<String> snmpName, CheckDefaults checks, List<CheckerSpec> checkers) {

    public RealServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(notifyUp, "notifyUp");
        Objects.requireNonNull(notifyDown, "notifyDown");
        Objects.requireNonNull(smtpAlert, "smtpAlert");
        Objects.requireNonNull(virtualhost, "virtualhost");
        Objects.requireNonNull(snmpName, "snmpName");
        Objects.requireNonNull(checks, "checks");
        checkers = List.copyOf(checkers);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 0..65535");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("weight " + weight + " out of range 0.." + Defaults.WEIGHT_LIMIT);
        }
        if (uthreshold < 0 || uthreshold > 0xffff_ffffL || lthreshold < 0 || lthreshold > 0xffff_ffffL) {
            throw new IllegalArgumentException("thresholds must be in 0..4294967295");
        }
    }
}
