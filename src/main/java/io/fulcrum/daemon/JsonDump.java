package io.fulcrum.daemon;

import io.fulcrum.config.model.AuthType;
import io.fulcrum.config.model.VrrpInstance;
import io.fulcrum.vrrp.InstanceSettings;
import io.fulcrum.vrrp.InstanceState;
import io.fulcrum.vrrp.InstanceStatus;
import io.fulcrum.vrrp.VrrpStats;
import java.util.List;

/**
 * keepalived 2.2.7's JSON dump (keepalived.json): an array with one {@code {"data":{...},"stats":{...}}} per VRRP
 * instance, the keys in keepalived's order, written compact as json-c writes it ({@code /} escaped as
 * {@code \/}). keepalived 2.2.7 has one format; {@code json_version 2} (a later keepalived's) is written in it too.
 */
final class JsonDump {

    private JsonDump() {
    }

    static String text(List<InstanceSettings> settings, List<InstanceStatus> statuses, List<VrrpStats> stats,
            DumpClock clock) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < settings.size() && i < statuses.size() && i < stats.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            instance(out, settings.get(i), statuses.get(i), stats.get(i), clock);
        }
        return out.append("]").toString();
    }

    private static void instance(StringBuilder out, InstanceSettings set, InstanceStatus st, VrrpStats s,
            DumpClock clock) {
        VrrpInstance spec = set.spec();
        boolean master = st.state() == InstanceState.MASTER;
        Obj data = new Obj();
        data.str("iname", set.name())
                .num("dont_track_primary", spec.dontTrackPrimary() ? 1 : 0)
                .num("skip_check_adv_addr", spec.adverts().skipCheckAdvAddr() ? 1 : 0)
                .num("strict_mode", spec.strictMode() ? 1 : 0)
                .str("vmac_ifname", "")
                .str("ifp_ifname", spec.interfaceName().orElse(""))
                .num("master_priority", st.master().filter(m -> !master).map(m -> m.priority()).orElse(0))
                .raw("last_transition", st.transitions().isEmpty() ? "0.000000"
                        : DumpClock.epochMicros(clock.wallOf(st.transitions().getLast().atNanos())))
                .num("garp_delay", spec.garp().masterDelay().toSeconds())
                .num("garp_refresh", spec.garp().masterRefresh().toSeconds())
                .num("garp_rep", spec.garp().masterRepeat())
                .num("garp_refresh_rep", spec.garp().masterRefreshRepeat())
                .num("garp_lower_prio_delay", spec.garp().lowerPrioDelay().toSeconds())
                .num("garp_lower_prio_rep", spec.garp().lowerPrioRepeat())
                .num("lower_prio_no_advert", spec.adverts().lowerPrioNoAdvert() ? 1 : 0)
                .num("higher_prio_send_advert", spec.adverts().higherPrioSendAdvert() ? 1 : 0)
                .num("vrid", set.vrid())
                .num("base_priority", st.basePriority())
                .num("effective_priority", st.effectivePriority())
                .raw("vipset", Boolean.toString(master))
                .raw("promote_secondaries", Boolean.toString(spec.promoteSecondaries()))
                .raw("adver_int", seconds(spec.advertInterval()))
                .raw("master_adver_int", seconds(st.interval()))
                .num("accept", spec.accept() ? 1 : 0)
                .raw("nopreempt", Boolean.toString(spec.nopreempt()))
                .num("preempt_delay", spec.preemptDelay().toSeconds())
                .num("state", stateNumber(st.state()))
                .num("wantstate", stateNumber(st.state()))
                .num("version", spec.version())
                .raw("smtp_alert", Boolean.toString(spec.smtpAlert()))
                .raw("notify_deleted", "false");
        StringBuilder vips = new StringBuilder("[");
        for (int i = 0; i < spec.virtualIpAddresses().size(); i++) {
            vips.append(i > 0 ? "," : "").append(quote(VrrpDataDump.vip(spec.virtualIpAddresses().get(i), spec)
                    + (master ? " set" : "")));
        }
        data.raw("vips", vips.append(']').toString());
        spec.authentication().ifPresentOrElse(a -> {
            data.num("auth_type", a.type() == AuthType.PASS ? 1 : 2);
            data.str("auth_data", a.password());
        }, () -> data.num("auth_type", 0));
        Obj counters = new Obj()
                .num("advert_rcvd", s.advertReceived())
                .num("advert_sent", s.advertSent())
                .num("become_master", s.becameMaster())
                .num("release_master", s.releasedMaster())
                .num("packet_len_err", s.packetLengthErrors())
                .num("advert_interval_err", s.intervalErrors())
                .num("ip_ttl_err", s.ttlErrors())
                .num("invalid_type_rcvd", s.invalidType())
                .num("addr_list_err", s.addressListErrors())
                .num("invalid_authtype", s.invalidAuthType())
                .num("authtype_mismatch", s.authTypeMismatch())
                .num("auth_failure", s.authFailures())
                .num("pri_zero_rcvd", s.priorityZeroReceived())
                .num("pri_zero_sent", s.priorityZeroSent());
        out.append("{\"data\":").append(data.close()).append(",\"stats\":").append(counters.close()).append('}');
    }

    /** A number of seconds as json-c writes a double: {@code 1}, {@code 0.5}. */
    static String seconds(java.time.Duration d) {
        return new java.math.BigDecimal(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }

    /** keepalived's state numbers: INIT 0, BACKUP 1, MASTER 2, FAULT 3, STOP 98. */
    static int stateNumber(InstanceState state) {
        return switch (state) {
            case INIT -> 0;
            case BACKUP -> 1;
            case MASTER -> 2;
            case FAULT -> 3;
            case STOP -> 98;
        };
    }

    /** A JSON string as json-c writes it: {@code "}, {@code \}, {@code /} and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '/' -> b.append("\\/");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** One JSON object, its members in the order added. */
    private static final class Obj {
        private final StringBuilder b = new StringBuilder("{");

        Obj raw(String key, String json) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(quote(key)).append(':').append(json);
            return this;
        }

        Obj str(String key, String value) {
            return raw(key, quote(value));
        }

        Obj num(String key, long value) {
            return raw(key, Long.toString(value));
        }

        String close() {
            return b.append('}').toString();
        }
    }
}
