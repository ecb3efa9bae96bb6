package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmSession.Channel;
import io.fulcrum.cli.ipvsadm.IpvsadmSession.ChannelException;
import io.fulcrum.control.ControlClient;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.FrameException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The way to a daemon through its control socket: connects and says hello on first use. */
final class DaemonChannel implements Channel, AutoCloseable {

    private final Path socket;
    private final String client;
    private ControlClient connection;

    DaemonChannel(Path socket, String client) {
        this.socket = socket;
        this.client = client;
    }

    @Override
    public void open() throws ChannelException {
        if (connection != null) {
            return;
        }
        if (!Files.exists(socket)) {
            throw new ChannelException("no Fulcrum daemon is running: control socket " + socket
                    + " does not exist (start one with 'fulcrum run -f keepalived.conf', or give --socket PATH"
                    + " / FULCRUM_SOCKET)");
        }
        ControlClient c;
        try {
            c = ControlClient.connect(socket);
        } catch (IOException e) {
            throw new ChannelException(connectFailure(e));
        }
        connection = c;
        ControlResponse hello = exchange(() -> c.hello(client));
        if (hello instanceof ControlResponse.Error e) {
            throw new ChannelException("the daemon on control socket " + socket + " refused this client: "
                    + e.message());
        }
    }

    private String connectFailure(IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Connection refused")) {
            return "no Fulcrum daemon is answering on control socket " + socket + " (connection refused: left"
                    + " by a daemon that did not stop cleanly?); start one with 'fulcrum run -f keepalived.conf'";
        }
        if (m.contains("Permission denied")) {
            return "cannot connect to control socket " + socket + ": permission denied (the socket is mode 0600:"
                    + " run this as the daemon's user)";
        }
        return "cannot connect to control socket " + socket + ": " + m;
    }

    @Override
    public ControlResponse call(ControlRequest request) throws ChannelException {
        open();
        return exchange(() -> connection.call(request));
    }

    private interface Exchange {
        ControlResponse run() throws IOException, FrameException;
    }

    private ControlResponse exchange(Exchange x) throws ChannelException {
        try {
            return x.run();
        } catch (IOException e) {
            throw new ChannelException("lost the connection to the daemon on control socket " + socket + ": "
                    + e.getMessage());
        } catch (FrameException e) {
            throw new ChannelException("the daemon on control socket " + socket + " sent an answer this client"
                    + " cannot read: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // the command is done either way
            }
        }
    }
}
