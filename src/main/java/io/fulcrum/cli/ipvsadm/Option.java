package io.fulcrum.cli.ipvsadm;

/** ipvsadm 1.31's option flags, in its table order (the order its checks report them), with its names. */
enum Option {
    NUMERIC("numeric"), CONNECTION("connection"), SERVICE("service-address"), SCHEDULER("scheduler"),
    PERSISTENT("persistent"), NETMASK("netmask"), SERVER("real-server"), FORWARD("forwarding-method"),
    WEIGHT("weight"), UTHRESHOLD("u-threshold"), LTHRESHOLD("l-threshold"), MCAST("mcast-interface"),
    TIMEOUT("timeout"), DAEMON("daemon"), STATS("stats"), RATE("rate"), THRESHOLDS("thresholds"),
    PERSISTENTCONN("persistent-conn"), NOSORT("nosort"), SYNCID("syncid"), EXACT("exact"), OPS("ops"),
    PE("pe"), SCHED_FLAGS("sched-flags"), MCAST_GROUP("mcast-group"), MCAST_PORT("mcast-port"),
    MCAST_TTL("mcast-ttl"), SYNC_MAXLEN("sync-maxlen"), TUN_INFO("tun-info"), TUN_TYPE("tun-type"),
    TUN_PORT("tun-port"), TUN_NOCSUM("tun-nocsum"), TUN_CSUM("tun-csum"), TUN_REMCSUM("tun-remcsum");

    private final String ipvsadmName;

    Option(String ipvsadmName) {
        this.ipvsadmName = ipvsadmName;
    }

    String ipvsadmName() {
        return ipvsadmName;
    }
}
