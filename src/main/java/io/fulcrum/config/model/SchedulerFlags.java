package io.fulcrum.config.model;

/**
 * The three IPVS scheduler flag bits ({@code ipvsadm -b}). The sh and mh schedulers name the first two:
 * flag-1 is {@code sh-fallback}/{@code mh-fallback}, flag-2 is {@code sh-port}/{@code mh-port}.
 */
public record SchedulerFlags(boolean flag1, boolean flag2, boolean flag3) {

    public static final SchedulerFlags NONE = new SchedulerFlags(false, false, false);

    public boolean any() {
        return flag1 || flag2 || flag3;
    }

    public SchedulerFlags withFlag1() {
        return new SchedulerFlags(true, flag2, flag3);
    }

    public SchedulerFlags withFlag2() {
        return new SchedulerFlags(flag1, true, flag3);
    }

    public SchedulerFlags withFlag3() {
        return new SchedulerFlags(flag1, flag2, true);
    }

    /** The keywords that set these bits, named as keepalived names them for {@code scheduler}. */
    public java.util.List<String> keywords(Scheduler scheduler) {
        String prefix = scheduler == Scheduler.SH ? "sh-" : scheduler == Scheduler.MH ? "mh-" : "";
        java.util.List<String> out = new java.util.ArrayList<>(3);
        if (flag1) {
            out.add(prefix.isEmpty() ? "flag-1" : prefix + "fallback");
        }
        if (flag2) {
            out.add(prefix.isEmpty() ? "flag-2" : prefix + "port");
        }
        if (flag3) {
            out.add("flag-3");
        }
        return java.util.List.copyOf(out);
    }
}
