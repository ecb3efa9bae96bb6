package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Test fake of the host: interfaces with addresses, and sysctls in a map, every change recorded in order
 * ({@code add 192.0.2.10/32 lo}, {@code set net/ipv4/conf/lo/arp_ignore 1}). A sysctl write can be made to fail.
 */
final class FakeHost implements HostInterfaces, Sysctls {

    final Map<String, Integer> links = new LinkedHashMap<>(Map.of("lo", 1, "eth0", 2));
    final List<String> addresses = new ArrayList<>(); // "192.0.2.10/32 lo"
    final Map<String, String> sysctls = new LinkedHashMap<>();
    final List<String> changes = new ArrayList<>();
    final List<String> up = new ArrayList<>();
    Predicate<String> failWrite = p -> false;
    Runnable beforeFirstChange = () -> { };

    FakeHost() {
        for (String dev : List.of("lo", "all", "default", "eth0")) {
            sysctls.put("net/ipv4/conf/" + dev + "/arp_ignore", "0");
            sysctls.put("net/ipv4/conf/" + dev + "/arp_announce", "0");
            sysctls.put("net/ipv4/conf/" + dev + "/rp_filter", "0");
        }
    }

    private String name(int ifindex) {
        return links.entrySet().stream().filter(e -> e.getValue() == ifindex).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
    }

    private void changing(String what) {
        if (changes.isEmpty()) {
            beforeFirstChange.run();
        }
        changes.add(what);
    }

    @Override
    public Optional<Integer> index(String dev) {
        return Optional.ofNullable(links.get(dev));
    }

    @Override
    public List<AddressOn> holding(IpAddress address) {
        List<AddressOn> out = new ArrayList<>();
        for (String a : addresses) {
            String[] parts = a.split("[/ ]");
            if (IpAddress.parse(parts[0]).equals(address)) {
                out.add(new AddressOn(parts[2], links.get(parts[2]), Integer.parseInt(parts[1])));
            }
        }
        return out;
    }

    @Override
    public void add(int ifindex, IpAddress address, int prefixLength) throws RealServerException {
        String a = address + "/" + prefixLength + " " + name(ifindex);
        if (addresses.contains(a)) {
            throw new RealServerException("cannot add " + a + ": File exists");
        }
        changing("add " + a);
        addresses.add(a);
    }

    @Override
    public void remove(int ifindex, IpAddress address, int prefixLength) throws RealServerException {
        String a = address + "/" + prefixLength + " " + name(ifindex);
        if (!addresses.remove(a)) {
            throw new RealServerException("cannot remove " + a + ": Cannot assign requested address");
        }
        changing("remove " + a);
    }

    @Override
    public void up(int ifindex) {
        up.add(name(ifindex));
    }

    @Override
    public Optional<String> read(Sysctl key) {
        return Optional.ofNullable(sysctls.get(key.path()));
    }

    @Override
    public void write(Sysctl key, String value) throws IOException {
        if (!sysctls.containsKey(key.path())) {
            throw new java.nio.file.NoSuchFileException("/proc/sys/" + key.path());
        }
        if (failWrite.test(key.path())) {
            throw new IOException("Operation not permitted");
        }
        changing("set " + key.path() + " " + value);
        sysctls.put(key.path(), value);
    }

    /** Adds interface {@code dev} with its IPv4 sysctls (rp_filter 1, the others 0). */
    void addLink(String dev, int index) {
        links.put(dev, index);
        sysctls.put("net/ipv4/conf/" + dev + "/rp_filter", "1");
        sysctls.put("net/ipv4/conf/" + dev + "/arp_ignore", "0");
        sysctls.put("net/ipv4/conf/" + dev + "/arp_announce", "0");
    }

    /** Removes interface {@code dev} and its sysctls. */
    void removeLink(String dev) {
        links.remove(dev);
        sysctls.keySet().removeIf(k -> k.startsWith("net/ipv4/conf/" + dev + "/"));
    }
}
