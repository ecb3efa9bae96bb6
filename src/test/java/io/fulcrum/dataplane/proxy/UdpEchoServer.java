package io.fulcrum.dataplane.proxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real server for the tests: answers each datagram with {@code name:payload} to its sender, after skipping a
 * PROXY v2 header when one comes first, and remembers every datagram it received (raw) and who sent it.
 */
final class UdpEchoServer implements AutoCloseable {

    /** One datagram as received. */
    record Received(InetSocketAddress from, byte[] data) {
    }

    private final String name;
    private final DatagramSocket socket;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    UdpEchoServer(String name, InetAddress host) throws SocketException {
        this.name = name;
        this.socket = new DatagramSocket(new InetSocketAddress(host, 0));
        this.thread = Thread.ofPlatform().daemon().name("echo-" + name).start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    private void serve() {
        byte[] buf = new byte[65_535];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] data = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
                received.add(new Received((InetSocketAddress) p.getSocketAddress(), data));
                byte[] answer = (name + ":" + new String(payload(data), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    static byte[] payload(byte[] data) {
        byte[] sig = ProxyProtocol.V2_SIGNATURE;
        if (data.length >= 16 && Arrays.equals(data, 0, sig.length, sig, 0, sig.length)) {
            int len = (data[14] & 0xff) << 8 | (data[15] & 0xff);
            return Arrays.copyOfRange(data, 16 + len, data.length);
        }
        return data;
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
