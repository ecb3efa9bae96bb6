package io.fulcrum.daemon;

import io.fulcrum.vrrp.VrrpStats;
import java.util.List;

/** keepalived 2.2.7's stats dump (SIGUSR2, keepalived.stats): the same lines, one block per VRRP instance. */
final class StatsDump {

    private StatsDump() {
    }

    static String text(List<VrrpStats> stats) {
        StringBuilder out = new StringBuilder();
        for (VrrpStats s : stats) {
            out.append("VRRP Instance: ").append(s.name()).append('\n')
                    .append("  Advertisements:\n")
                    .append("    Received: ").append(s.advertReceived()).append('\n')
                    .append("    Sent: ").append(s.advertSent()).append('\n')
                    .append("  Became master: ").append(s.becameMaster()).append('\n')
                    .append("  Released master: ").append(s.releasedMaster()).append('\n')
                    .append("  Packet Errors:\n")
                    .append("    Length: ").append(s.packetLengthErrors()).append('\n')
                    .append("    TTL: ").append(s.ttlErrors()).append('\n')
                    .append("    Invalid Type: ").append(s.invalidType()).append('\n')
                    .append("    Advertisement Interval: ").append(s.intervalErrors()).append('\n')
                    .append("    Address List: ").append(s.addressListErrors()).append('\n')
                    .append("  Authentication Errors:\n")
                    .append("    Invalid Type: ").append(s.invalidAuthType()).append('\n')
                    .append("    Type Mismatch: ").append(s.authTypeMismatch()).append('\n')
                    .append("    Failure: ").append(s.authFailures()).append('\n')
                    .append("  Priority Zero:\n")
                    .append("    Received: ").append(s.priorityZeroReceived()).append('\n')
                    .append("    Sent: ").append(s.priorityZeroSent()).append('\n');
        }
        return out.toString();
    }
}
