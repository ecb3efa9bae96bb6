package io.fulcrum.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds N idle TCP connections open to HOST:PORT for {@code bin/bench proxy}'s memory round: opens them, prints
 * {@code ready N} when all are established, then waits until its standard input closes (or a line is read) and
 * closes them. Exits 1 with a message when a connection fails.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: IdleConnections HOST PORT COUNT");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        List<SocketChannel> open = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel ch = SocketChannel.open();
                open.add(ch);
                ch.connect(target);
            }
            System.out.println("ready " + open.size());
            System.out.flush();
            System.in.read();
        } catch (IOException e) {
            System.err.println("IdleConnections: connection " + (open.size()) + " to " + target + " failed: " + e);
            System.exit(1);
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
    }
}
