package io.fulcrum.cli.ipvsadm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an ipvsadm argument vector the way popt does: short clusters ({@code -Ln}, {@code -t1.2.3.4:80}),
 * {@code --long=value}, {@code -p}'s optional argument, non-option arguments set aside, {@code --} ends options.
 */
final class PoptTokens {

    enum Arg { NONE, REQUIRED, OPTIONAL }

    /** One option as typed ({@code typed} = {@code -t} or {@code --tcp-service}); key = its long name. */
    record Token(String key, String typed, String value) { }

    /** The token list, or the popt error that stopped it (after the tokens before it). */
    record Result(List<Token> tokens, List<String> leftovers, String error) { }

    private record Def(String key, Arg arg) { }

    private static final Map<String, Def> LONG = Map.ofEntries(
            def("add-service", Arg.NONE), def("edit-service", Arg.NONE), def("delete-service", Arg.NONE),
            def("clear", Arg.NONE), def("list", Arg.NONE), def("zero", Arg.NONE), def("add-server", Arg.NONE),
            def("edit-server", Arg.NONE), def("delete-server", Arg.NONE), def("set", Arg.NONE),
            def("help", Arg.NONE), def("version", Arg.NONE), def("restore", Arg.NONE), def("save", Arg.NONE),
            def("start-daemon", Arg.REQUIRED), def("stop-daemon", Arg.REQUIRED),
            def("tcp-service", Arg.REQUIRED), def("udp-service", Arg.REQUIRED), def("sctp-service", Arg.REQUIRED),
            def("fwmark-service", Arg.REQUIRED), def("scheduler", Arg.REQUIRED), def("persistent", Arg.OPTIONAL),
            def("netmask", Arg.REQUIRED), def("real-server", Arg.REQUIRED), def("masquerading", Arg.NONE),
            def("ipip", Arg.NONE), def("gatewaying", Arg.NONE), def("fullnat", Arg.NONE),
            def("weight", Arg.REQUIRED), def("u-threshold", Arg.REQUIRED), def("l-threshold", Arg.REQUIRED),
            def("numeric", Arg.NONE), def("connection", Arg.NONE), def("mcast-interface", Arg.REQUIRED),
            def("syncid", Arg.REQUIRED), def("timeout", Arg.NONE), def("daemon", Arg.NONE), def("stats", Arg.NONE),
            def("rate", Arg.NONE), def("thresholds", Arg.NONE), def("persistent-conn", Arg.NONE),
            def("nosort", Arg.NONE), def("sort", Arg.NONE), def("exact", Arg.NONE), def("ipv6", Arg.NONE),
            def("ops", Arg.NONE), def("pe", Arg.REQUIRED), def("sched-flags", Arg.REQUIRED),
            def("mcast-group", Arg.REQUIRED), def("mcast-port", Arg.REQUIRED), def("mcast-ttl", Arg.REQUIRED),
            def("sync-maxlen", Arg.REQUIRED), def("tun-info", Arg.NONE), def("tun-type", Arg.REQUIRED),
            def("tun-port", Arg.REQUIRED), def("tun-nocsum", Arg.NONE), def("tun-csum", Arg.NONE),
            def("tun-remcsum", Arg.NONE));

    private static final Map<Character, String> SHORT = Map.ofEntries(
            Map.entry('A', "add-service"), Map.entry('E', "edit-service"), Map.entry('D', "delete-service"),
            Map.entry('C', "clear"), Map.entry('L', "list"), Map.entry('l', "list"), Map.entry('Z', "zero"),
            Map.entry('a', "add-server"), Map.entry('e', "edit-server"), Map.entry('d', "delete-server"),
            Map.entry('h', "help"), Map.entry('v', "version"), Map.entry('R', "restore"), Map.entry('S', "save"),
            Map.entry('t', "tcp-service"), Map.entry('u', "udp-service"), Map.entry('f', "fwmark-service"),
            Map.entry('s', "scheduler"), Map.entry('p', "persistent"), Map.entry('M', "netmask"),
            Map.entry('r', "real-server"), Map.entry('m', "masquerading"), Map.entry('i', "ipip"),
            Map.entry('g', "gatewaying"), Map.entry('w', "weight"), Map.entry('x', "u-threshold"),
            Map.entry('y', "l-threshold"), Map.entry('n', "numeric"), Map.entry('c', "connection"),
            Map.entry('X', "exact"), Map.entry('6', "ipv6"), Map.entry('o', "ops"), Map.entry('b', "sched-flags"));

    private PoptTokens() {
    }

    private static Map.Entry<String, Def> def(String name, Arg arg) {
        return Map.entry(name, new Def(name, arg));
    }

    static Result split(List<String> args) {
        List<Token> tokens = new ArrayList<>();
        List<String> leftovers = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String a = args.get(i++);
            if (a.equals("--")) {
                leftovers.addAll(args.subList(i, args.size()));
                break;
            }
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
                Def d = LONG.get(name);
                if (d == null || (eq >= 0 && d.arg() == Arg.NONE)) {
                    return new Result(tokens, leftovers, a + ": unknown option");
                }
                String typed = "--" + name;
                String value = null;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (d.arg() == Arg.REQUIRED) {
                    if (i == args.size()) {
                        return new Result(tokens, leftovers, typed + ": missing argument");
                    }
                    value = args.get(i++);
                } else if (d.arg() == Arg.OPTIONAL && i < args.size() && !args.get(i).startsWith("-")) {
                    value = args.get(i++);
                }
                tokens.add(new Token(d.key(), typed, value));
            } else if (a.startsWith("-") && a.length() > 1) {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    String key = SHORT.get(c);
                    String typed = "-" + c;
                    if (key == null) {
                        return new Result(tokens, leftovers, typed + ": unknown option");
                    }
                    Arg arg = LONG.get(key).arg();
                    String value = null;
                    if (arg != Arg.NONE && k + 1 < a.length()) {
                        value = a.substring(k + 1);
                        k = a.length();
                    } else if (arg == Arg.REQUIRED) {
                        if (i == args.size()) {
                            return new Result(tokens, leftovers, typed + ": missing argument");
                        }
                        value = args.get(i++);
                    } else if (arg == Arg.OPTIONAL && i < args.size() && !args.get(i).startsWith("-")) {
                        value = args.get(i++);
                    }
                    tokens.add(new Token(key, typed, value));
                }
            } else {
                leftovers.add(a);
            }
        }
        return new Result(tokens, leftovers, null);
    }
}
