package io.fulcrum.vrrp;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.ConfigLoader;
import io.fulcrum.config.FileAccess;
import io.fulcrum.config.LoadResult;
import io.fulcrum.config.PreprocessOptions;
import io.fulcrum.config.model.VrrpInstance;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Instances read from keepalived.conf text, and IPv4 datagrams built around VRRP messages. */
final class VrrpFixtures {

    static final IpAddress GROUP4 = IpAddress.parse("224.0.0.18");
    static final IpAddress GROUP6 = IpAddress.parse("ff02::12");
    static final IpAddress LOCAL = IpAddress.parse("10.0.0.1");
    static final IpAddress PEER = IpAddress.parse("10.0.0.2");

    /** VRRPv2, PASS "secret", 1 s, VRID 51, one VIP 192.168.1.10, multicast. */
    static final String V2_PASS = """
            vrrp_instance VI_1 {
                interface eth0
                state BACKUP
                virtual_router_id 51
                priority 100
                advert_int 1
                version 2
                authentication {
                    auth_type PASS
                    auth_pass secret
                }
                virtual_ipaddress {
                    192.168.1.10
                }
            }
            """;

    /** VRRPv3 multicast, 1 s, VRID 51, VIPs 10.0.0.100 and 10.0.0.101. */
    static final String V3_MULTICAST = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                version 3
                virtual_ipaddress {
                    10.0.0.100
                    10.0.0.101
                }
            }
            """;

    /** VRRPv3 unicast from 10.0.0.1 to 10.0.0.2 and 10.0.0.3 (TTL 250..255), check_unicast_src, one VIP. */
    static final String V3_UNICAST = """
            vrrp_instance VI_1 {
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                version 3
                unicast_src_ip 10.0.0.1
                unicast_peer {
                    10.0.0.2
                    10.0.0.3 min_ttl 250
                }
                check_unicast_src
                virtual_ipaddress {
                    10.0.0.100
                }
            }
            """;

    /** VRRPv3 IPv6 multicast, VIP 2001:db8::100. */
    static final String V3_IPV6 = """
            vrrp_instance VI_6 {
                interface eth0
                virtual_router_id 51
                priority 100
                advert_int 1
                virtual_ipaddress {
                    2001:db8::100
                }
            }
            """;

    private VrrpFixtures() {
    }

    static VrrpInstance instance(String text) {
        LoadResult r = new ConfigLoader(FileAccess.none(), PreprocessOptions.of("host", Map.of()))
                .loadText("t.conf", Path.of("."), text);
        if (r.hasErrors()) {
            throw new AssertionError("fixture has errors: " + r.problems());
        }
        List<VrrpInstance> l = r.config().orElseThrow().vrrpInstances();
        if (l.size() != 1) {
            throw new AssertionError("expected one instance, got " + l.size());
        }
        return l.getFirst();
    }

    static InstanceSettings settings(String text) {
        VrrpInstance spec = instance(text);
        boolean v6 = spec.family() == io.fulcrum.config.model.IpFamily.INET6;
        return new InstanceSettings(spec, v6 ? IpAddress.parse("fe80::1") : LOCAL, v6 ? GROUP6 : GROUP4);
    }

    /** Replaces a line of an instance text (for variants of the fixtures). */
    static String with(String text, String line, String replacement) {
        if (!text.contains(line)) {
            throw new AssertionError("fixture has no line " + line);
        }
        return text.replace(line, replacement);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A 20-byte IPv4 header (no options) with total length 20 + payload, then the payload. */
    static byte[] ipv4(IpAddress src, IpAddress dst, int ttl, int protocol, byte[] payload) {
        byte[] d = new byte[20 + payload.length];
        d[0] = 0x45;
        d[1] = (byte) 0xc0;
        d[2] = (byte) (d.length >>> 8);
        d[3] = (byte) d.length;
        d[8] = (byte) ttl;
        d[9] = (byte) protocol;
        System.arraycopy(src.bytes(), 0, d, 12, 4);
        System.arraycopy(dst.bytes(), 0, d, 16, 4);
        System.arraycopy(payload, 0, d, 20, payload.length);
        return d;
    }

    /** The packet a transport would hand over for an IPv4 datagram carrying {@code vrrp}. */
    static InboundPacket inbound(IpAddress src, IpAddress dst, int ttl, byte[] vrrp) {
        return new InboundPacket("eth0", src, dst, ttl, 20, 20 + vrrp.length, false, vrrp);
    }
}
