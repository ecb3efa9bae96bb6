package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import io.fulcrum.nativeio.NativeException;
import io.fulcrum.nativeio.RawIpv4Socket;
import io.fulcrum.nativeio.TunDevice;
import java.util.Objects;

/**
 * The two kernel ends of the decapsulator, opened in the calling thread's network namespace: a raw IPIP socket
 * (IPPROTO_IPIP, which receives the IPIP packets sent to this host even though the kernel has no ipip module) and a
 * TUN interface to hand the inner packets to. Closing the TUN interface's descriptor removes the interface.
 */
public final class IpipTunnel implements AutoCloseable {

    /** The TUN interface's name unless --decap-dev gives another. */
    public static final String DEFAULT_DEVICE = "fulcrum-ipip0";

    private final RawIpv4Socket socket;
    private final TunDevice tun;

    private IpipTunnel(RawIpv4Socket socket, TunDevice tun) {
        this.socket = socket;
        this.tun = tun;
    }

    /**
     * Opens the raw IPIP socket and creates the TUN interface {@code device} (down; {@link RealServerSetup#startDecap}
     * brings it up).
     *
     * @throws RealServerException naming the failing call and errno (EPERM without CAP_NET_RAW / CAP_NET_ADMIN, EBUSY
     *                             when another process has a TUN interface of that name, ...)
     */
    public static IpipTunnel open(String device) throws RealServerException {
        Objects.requireNonNull(device, "device");
        RawIpv4Socket socket;
        try {
            socket = RawIpv4Socket.open(RawIpv4Socket.IPIP);
        } catch (NativeException e) {
            throw new RealServerException("cannot open a raw IPIP socket: " + e.getMessage()
                    + (e.errno() == 1 ? " (needs root or CAP_NET_RAW)" : ""), e);
        }
        try {
            return new IpipTunnel(socket, TunDevice.open(device));
        } catch (NativeException e) {
            socket.close();
            throw new RealServerException("cannot create the TUN interface " + device + ": " + e.getMessage()
                    + switch (e.errno()) {
                        case 1 -> " (needs root or CAP_NET_ADMIN)";
                        case 16 -> " (another process has it: is a decapsulator running already? --decap-dev "
                                + "names another)";
                        default -> "";
                    }, e);
        } catch (IllegalArgumentException e) {
            socket.close();
            throw new RealServerException(e.getMessage(), e);
        }
    }

    /** The TUN interface's name. */
    public String device() {
        return tun.name();
    }

    /** A decapsulator for {@code vip} over these ends; it owns them from now on and closes them when it ends. */
    public Decapsulator decapsulator(IpAddress vip) {
        return new Decapsulator(vip, new Decapsulator.Source() {
            @Override
            public int receive(byte[] buffer, int timeoutMillis) throws NativeException {
                return socket.receive(buffer, timeoutMillis);
            }

            @Override
            public void close() {
                socket.close();
            }
        }, new Decapsulator.Sink() {
            @Override
            public void write(byte[] packet, int offset, int length) throws NativeException {
                tun.write(packet, offset, length);
            }

            @Override
            public void close() {
                tun.close();
            }
        });
    }

    /** Closes both ends (when no decapsulator ran over them). */
    @Override
    public void close() {
        socket.close();
        tun.close();
    }
}
