package io.fulcrum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the keepalived.conf of {@code bin/bench checks}: real servers on 127.0.0.1, TCP_CHECK on ports
 * TCP_BASE.. and HTTP_GET on ports HTTP_BASE.. (the ports {@link CheckTargets} listens on), every checker with
 * {@code delay_loop 1} and {@code connect_timeout 2}, grouped PER_VS real servers to a full-NAT virtual server on
 * 127.0.0.1 ports 19000.. (each virtual server has checkers of one kind).
 */
public final class ChecksConfig {

    private ChecksConfig() {
    }

    public static String generate(int tcpBase, int tcpCount, int httpBase, int httpCount, int perVs) {
        StringBuilder sb = new StringBuilder((tcpCount + httpCount) * 120);
        sb.append("global_defs {\n    router_id bench-checks\n}\n");
        int[] vs = {0};
        group(sb, vs, tcpBase, tcpCount, perVs, "        TCP_CHECK {\n            connect_timeout 2\n        }\n");
        group(sb, vs, httpBase, httpCount, perVs, "        HTTP_GET {\n            url {\n                path /\n"
                + "            }\n            connect_timeout 2\n        }\n");
        return sb.toString();
    }

    private static void group(StringBuilder sb, int[] vs, int base, int count, int perVs, String checker) {
        for (int first = 0; first < count; first += perVs) {
            sb.append("\nvirtual_server 127.0.0.1 ").append(19000 + vs[0]++).append(" {\n")
                    .append("    delay_loop 1\n    lvs_sched rr\n    lvs_method FNAT\n    protocol TCP\n");
            for (int i = first; i < Math.min(count, first + perVs); i++) {
                sb.append("    real_server 127.0.0.1 ").append(base + i).append(" {\n        weight 1\n")
                        .append(checker).append("    }\n");
            }
            sb.append("}\n");
        }
    }

    /** {@code ChecksConfig TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PER_VS OUT}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 6) {
            System.err.println("usage: ChecksConfig TCP_BASE TCP_COUNT HTTP_BASE HTTP_COUNT PER_VS OUT_FILE");
            System.exit(2);
        }
        String text = generate(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Files.writeString(Path.of(args[5]), text);
        System.out.println(args[5] + ": " + text.lines().count() + " lines");
    }
}
