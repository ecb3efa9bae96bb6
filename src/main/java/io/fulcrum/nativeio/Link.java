package io.fulcrum.nativeio;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One network interface as rtnetlink reports it (RTM_NEWLINK).
 *
 * @param index   the interface index
 * @param name    the interface name (IFLA_IFNAME)
 * @param mac     the hardware address (IFLA_ADDRESS); empty for interfaces without one. Copied in and out
 * @param up      administratively up (IFF_UP)
 * @param running operationally up (IFF_RUNNING: the kernel sets it from the operational state, so a link whose
 *                carrier is gone is up but not running)
 * @param mtu     the MTU (IFLA_MTU); 0 when not reported
 */
public record Link(int index, String name, byte[] mac, boolean up, boolean running, int mtu) {

    public Link {
        Objects.requireNonNull(name, "name");
        mac = mac.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    /** The hardware address as text, {@code 02:00:5e:00:01:33}; empty when there is none. */
    public String macText() {
        return HexFormat.ofDelimiter(":").formatHex(mac);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Link l && index == l.index && name.equals(l.name) && Arrays.equals(mac, l.mac)
                && up == l.up && running == l.running && mtu == l.mtu;
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, Arrays.hashCode(mac), up, running, mtu);
    }

    @Override
    public String toString() {
        return "Link[" + index + ": " + name + " " + macText() + (up ? " UP" : " DOWN")
                + (running ? " RUNNING" : "") + " mtu " + mtu + "]";
    }
}
