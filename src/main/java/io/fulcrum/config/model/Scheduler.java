package io.fulcrum.config.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The IPVS schedulers keepalived's {@code lvs_sched} accepts (keepalived adds {@code twos} to ipvsadm's list). */
public enum Scheduler {
    RR("rr"), WRR("wrr"), LC("lc"), WLC("wlc"), LBLC("lblc"), LBLCR("lblcr"), DH("dh"), SH("sh"), SED("sed"),
    NQ("nq"), FO("fo"), OVF("ovf"), MH("mh"), TWOS("twos");

    private final String keyword;

    Scheduler(String keyword) {
        this.keyword = keyword;
    }

    /** The name as written in keepalived.conf and ipvsadm. */
    public String keyword() {
        return keyword;
    }

    /** Every scheduler by its keyword. */
    public static Map<String, Scheduler> byKeyword() {
        return Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Scheduler::keyword, Function.identity()));
    }

    @Override
    public String toString() {
        return keyword;
    }
}
