package io.fulcrum.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a large, valid keepalived.conf for the configuration benchmark: {@code vs} virtual servers with
 * {@code rs} real servers each, every real server with an HTTP_GET checker (about 10 lines per real server).
 */
public final class ConfigGenerator {

    private ConfigGenerator() {
    }

    public static String generate(int vs, int rs) {
        StringBuilder sb = new StringBuilder(vs * rs * 300);
        sb.append("global_defs {\n    router_id bench\n}\n\n");
        sb.append("vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n")
                .append("    priority 100\n    advert_int 1\n    virtual_ipaddress {\n        10.255.0.1\n    }\n}\n\n");
        for (int v = 0; v < vs; v++) {
            String vip = "10." + (v / 250) + "." + (v % 250) + ".1";
            sb.append("virtual_server ").append(vip).append(" 80 {\n")
                    .append("    delay_loop 6\n    lvs_sched wlc\n    lvs_method DR\n    protocol TCP\n")
                    .append("    persistence_timeout 60\n");
            for (int r = 0; r < rs; r++) {
                sb.append("    real_server 172.").append(16 + v / 250).append('.').append(v % 250).append('.')
                        .append(r + 2).append(" 80 {\n")
                        .append("        weight ").append(1 + r % 3).append('\n')
                        .append("        HTTP_GET {\n")
                        .append("            url {\n")
                        .append("                path /health\n")
                        .append("                status_code 200\n")
                        .append("            }\n")
                        .append("            connect_timeout 3\n")
                        .append("            retry 3\n")
                        .append("            delay_before_retry 2\n")
                        .append("        }\n")
                        .append("    }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    /** {@code ConfigGenerator VS RS OUT}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ConfigGenerator VIRTUAL_SERVERS REAL_SERVERS_EACH OUT_FILE");
            System.exit(2);
        }
        String text = generate(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        Files.writeString(Path.of(args[2]), text);
        System.out.println(args[2] + ": " + text.lines().count() + " lines");
    }
}
