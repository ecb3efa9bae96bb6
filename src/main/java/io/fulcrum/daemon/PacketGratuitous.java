package io.fulcrum.daemon;

import io.fulcrum.common.IpAddress;
import io.fulcrum.config.model.IpAddressSpec;
import io.fulcrum.config.model.IpFamily;
import io.fulcrum.nativeio.Link;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.PacketSocket;
import io.fulcrum.vrrp.GratuitousFrames;
import io.fulcrum.vrrp.GratuitousSender;
import io.fulcrum.vrrp.InstanceSettings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Gratuitous ARPs and unsolicited neighbour advertisements through an AF_PACKET socket per interface (opened at
 * first use, kept): for each address of the instance, on the address's interface, from that interface's MAC.
 */
final class PacketGratuitous implements GratuitousSender, AutoCloseable {

    private final Supplier<VrrpHost> host;
    private final Consumer<String> log;
    private final boolean detail;
    private final Map<Integer, PacketSocket> sockets = new HashMap<>();

    PacketGratuitous(Supplier<VrrpHost> host, Consumer<String> log, boolean detail) {
        this.host = host;
        this.log = log;
        this.detail = detail;
    }

    @Override
    public void send(InstanceSettings instance, int repeat) throws IOException {
        VrrpHost now = host.get();
        for (IpAddressSpec vip : instance.allAddresses()) {
            String dev = VrrpHost.device(instance, vip);
            Optional<Link> link = now.link(dev);
            if (link.isEmpty()) {
                throw new IOException("interface " + dev + " does not exist");
            }
            IpAddress address = vip.address().address();
            byte[] frame;
            if (address.isV4()) {
                frame = GratuitousFrames.arp(link.get().mac(), address);
            } else {
                Optional<IpAddress> ll = now.primary(link.get().index(), IpFamily.INET6);
                if (ll.isEmpty()) {
                    throw new IOException("interface " + dev + " has no link-local address to advertise "
                            + address + " from");
                }
                frame = GratuitousFrames.neighbourAdvert(link.get().mac(), address, ll.get());
            }
            PacketSocket socket = socket(link.get());
            for (int n = 0; n < repeat; n++) {
                socket.send(frame);
                if (detail) {
                    log.accept((address.isV4() ? "Sending gratuitous ARP on " : "Sending unsolicited Neighbour"
                            + " Advert on ") + dev + " for " + address);
                }
            }
        }
    }

    /**
     * Opens the packet sockets of every interface the instances' addresses are on, so the first takeover does not
     * pay for it (an interface missing now is opened, or reported, at its first use).
     */
    void open(List<InstanceSettings> instances) throws NativeException {
        VrrpHost now = host.get();
        try {
            for (InstanceSettings i : instances) {
                for (IpAddressSpec vip : i.allAddresses()) {
                    Optional<Link> link = now.link(VrrpHost.device(i, vip));
                    if (link.isPresent()) {
                        socket(link.get());
                    }
                }
            }
        } catch (NativeException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private PacketSocket socket(Link link) throws NativeException {
        PacketSocket s = sockets.get(link.index());
        if (s == null) {
            s = PacketSocket.open(link.name());
            sockets.put(link.index(), s);
        }
        return s;
    }

    @Override
    public void close() {
        for (PacketSocket s : sockets.values()) {
            s.close();
        }
        sockets.clear();
    }
}
