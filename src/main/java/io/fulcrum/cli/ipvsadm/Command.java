package io.fulcrum.cli.ipvsadm;

/**
 * ipvsadm 1.31's commands with their row of the command/option table: per {@link Option} (in order)
 * {@code x} illegal, {@code +} compulsory, {@code 1} exclusive, {@code .} optional.
 */
enum Command {
    ADD("add-service", "xx+..." + x(15) + "..." + x(10)),
    EDIT("edit-service", "xx+..." + x(15) + "..." + x(10)),
    DEL("delete-service", "xx+" + x(31)),
    FLUSH("flush", x(34)),
    LIST("list", ".11" + x(9) + "11" + "......." + x(7) + "." + x(5)),
    ADDDEST("add-server", "xx+xxx+...." + x(18) + "....."),
    DELDEST("delete-server", "xx+xxx+" + x(27)),
    EDITDEST("edit-server", "xx+xxx+...." + x(18) + "....."),
    TIMEOUT("set", x(34)),
    STARTDAEMON("start-daemon", x(11) + "." + x(7) + "." + x(4) + "...." + x(6)),
    STOPDAEMON("stop-daemon", x(19) + "." + x(14)),
    RESTORE("restore", x(34)),
    SAVE("save", "." + x(33)),
    ZERO("zero", "xx." + x(31));

    private final String ipvsadmName;
    private final String row;

    Command(String ipvsadmName, String row) {
        this.ipvsadmName = ipvsadmName;
        this.row = row;
        if (row.length() != Option.values().length) {
            throw new IllegalStateException(name() + " row has " + row.length() + " columns");
        }
    }

    private static String x(int n) {
        return "x".repeat(n);
    }

    String ipvsadmName() {
        return ipvsadmName;
    }

    char rule(Option o) {
        return row.charAt(o.ordinal());
    }
}
