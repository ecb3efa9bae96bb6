package io.fulcrum.cli.ipvsadm;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.ListMode;
import io.fulcrum.cli.ipvsadm.IpvsadmCommand.ListTable;
import io.fulcrum.cli.ipvsadm.IpvsadmErrors.Operation;
import io.fulcrum.control.ControlRequest;
import io.fulcrum.control.ControlResponse;
import io.fulcrum.control.Errno;
import io.fulcrum.control.IpvsSnapshot;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Carries out parsed ipvsadm commands against a daemon: changes become control requests, listings are fetched
 * and formatted here, byte for byte as ipvsadm 1.31 prints them. Refusals print ipvsadm's message for the
 * errno (exit 255; 1 for listings, as ipvsadm). The daemon is reached only for commands that need it.
 */
public final class IpvsadmSession {

    /** ipvsadm's status when the kernel refuses a change. */
    public static final int REFUSED = 255;
    /** ipvsadm's status when a listing fails. */
    public static final int LIST_FAILED = 1;
    /** Fulcrum's status when no daemon can be reached. */
    public static final int NO_DAEMON = 1;

    /** The way to the daemon; connects on first use. */
    public interface Channel {
        /** Makes sure the daemon answers (connects and says hello when not done yet). */
        void open() throws ChannelException;

        ControlResponse call(ControlRequest request) throws ChannelException;
    }

    /** The daemon cannot be reached or did not answer; the message says which socket and why. */
    public static final class ChannelException extends Exception {
        public ChannelException(String message) {
            super(message, null, false, false);
        }
    }

    private final Channel channel;
    private final PrintWriter out;
    private final PrintWriter err;
    private final IpvsadmTexts texts;

    public IpvsadmSession(Channel channel, PrintWriter out, PrintWriter err, IpvsadmTexts texts) {
        this.channel = channel;
        this.out = out;
        this.err = err;
        this.texts = texts;
    }

    /** Runs one command; {@code stdin} is read only by -R. Returns ipvsadm's exit status. */
    public int execute(IpvsadmCommand command, StdinText stdin) {
        try {
            return run(command, stdin);
        } catch (ChannelException e) {
            err.println("fulcrum ipvsadm: " + e.getMessage());
            return NO_DAEMON;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Standard input, read when -R needs it. */
    @FunctionalInterface
    public interface StdinText {
        String read() throws java.io.IOException;
    }

    private int run(IpvsadmCommand command, StdinText stdin) throws ChannelException {
        return switch (command) {
            case IpvsadmCommand.AddService a -> change(Operation.ADD_SERVICE,
                    new ControlRequest.AddService(a.service()));
            case IpvsadmCommand.EditService e -> change(Operation.EDIT_SERVICE,
                    new ControlRequest.EditService(e.service()));
            case IpvsadmCommand.DeleteService d -> change(Operation.DELETE_SERVICE,
                    new ControlRequest.DeleteService(d.service()));
            case IpvsadmCommand.Clear c -> change(Operation.FLUSH, new ControlRequest.Clear());
            case IpvsadmCommand.AddServer a -> change(Operation.ADD_DEST,
                    new ControlRequest.AddServer(a.service(), a.server()));
            case IpvsadmCommand.EditServer e -> change(Operation.EDIT_DEST,
                    new ControlRequest.EditServer(e.service(), e.server()));
            case IpvsadmCommand.DeleteServer d -> change(Operation.DELETE_DEST,
                    new ControlRequest.DeleteServer(d.service(), d.address(), d.port()));
            case IpvsadmCommand.Zero z -> change(Operation.ZERO, new ControlRequest.Zero(z.service()));
            case IpvsadmCommand.SetTimeouts t -> change(Operation.SET_TIMEOUT,
                    new ControlRequest.SetTimeouts(t.tcp(), t.tcpFin(), t.udp()));
            case ListTable l -> list(l);
            case IpvsadmCommand.Save s -> save();
            case IpvsadmCommand.Restore r -> restore(stdin);
            case IpvsadmCommand.StartDaemon s -> notSupported("--start-daemon");
            case IpvsadmCommand.StopDaemon s -> notSupported("--stop-daemon");
            case IpvsadmCommand.Help h -> {
                out.print(texts.usage());
                yield 0;
            }
            case IpvsadmCommand.Version v -> {
                out.print(texts.version());
                yield 0;
            }
        };
    }

    private int notSupported(String option) {
        err.println("fulcrum ipvsadm: " + option + " is not supported yet: connection synchronisation (the IPVS"
                + " sync daemon) comes in a later version of Fulcrum");
        return REFUSED;
    }

    private int change(Operation op, ControlRequest request) throws ChannelException {
        return switch (channel.call(request)) {
            case ControlResponse.Ok ok -> 0;
            case ControlResponse.Error e -> refused(op, e, REFUSED);
        };
    }

    private int refused(Operation op, ControlResponse.Error e, int status) {
        if (e.errno() == Errno.EPROTO || e.errno() == Errno.EIO) {
            err.println("fulcrum ipvsadm: the daemon could not answer: " + e.message());
        } else {
            err.println(IpvsadmErrors.message(op, e.errno()));
        }
        return status;
    }

    private int list(ListTable l) throws ChannelException {
        ListMode mode = l.options().mode();
        return switch (mode) {
            case SERVICES -> {
                Operation op = l.service().isPresent() ? Operation.GET_SERVICE : Operation.GET_SERVICES;
                Optional<IpvsSnapshot> s = table(op, l.service(), false);
                if (s.isEmpty()) {
                    yield LIST_FAILED;
                }
                out.print(l.service().isPresent()
                        ? IpvsadmFormatter.listService(s.get().services().getFirst(), l.options())
                        : IpvsadmFormatter.listAll(s.get(), l.options()));
                yield 0;
            }
            case CONNECTIONS -> {
                Optional<IpvsSnapshot> s = table(Operation.GET_SERVICES, Optional.empty(), true);
                if (s.isEmpty()) {
                    yield LIST_FAILED;
                }
                out.print(IpvsadmFormatter.connections(s.get(), l.options().persistentConn()));
                yield 0;
            }
            case TIMEOUT -> timeouts();
            case DAEMON -> {
                // no sync daemon runs in Fulcrum: ipvsadm prints nothing then
                channel.open();
                yield 0;
            }
        };
    }

    private int timeouts() throws ChannelException {
        return switch (channel.call(new ControlRequest.GetTimeouts())) {
            case ControlResponse.Ok(ControlResponse.Timeouts t) -> {
                out.printf("Timeout (tcp tcpfin udp): %d %d %d%n", t.tcp(), t.tcpFin(), t.udp());
                yield 0;
            }
            case ControlResponse.Ok ok -> unexpected(ok);
            case ControlResponse.Error e -> refused(Operation.GET_SERVICES, e, LIST_FAILED);
        };
    }

    private int save() throws ChannelException {
        Optional<IpvsSnapshot> s = table(Operation.GET_SERVICES, Optional.empty(), false);
        if (s.isEmpty()) {
            return LIST_FAILED;
        }
        out.print(IpvsadmFormatter.save(s.get()));
        return 0;
    }

    private Optional<IpvsSnapshot> table(Operation op, Optional<IpvsSnapshot.ServiceKey> key, boolean conns)
            throws ChannelException {
        return switch (channel.call(new ControlRequest.GetTable(key, conns))) {
            case ControlResponse.Ok(ControlResponse.Table t) -> Optional.of(t.snapshot());
            case ControlResponse.Ok ok -> {
                unexpected(ok);
                yield Optional.empty();
            }
            case ControlResponse.Error e -> {
                refused(op, e, LIST_FAILED);
                yield Optional.empty();
            }
        };
    }

    private int unexpected(ControlResponse.Ok ok) {
        err.println("fulcrum ipvsadm: the daemon answered with " + ok.payload().getClass().getSimpleName()
                + ", which this command does not expect (is it another version of Fulcrum?)");
        return LIST_FAILED;
    }

    /** -R: every line of standard input as a command, stopping at the first that fails, as ipvsadm does. */
    private int restore(StdinText stdin) throws ChannelException {
        String text;
        try {
            text = stdin.read();
        } catch (java.io.IOException e) {
            err.println("fulcrum ipvsadm: cannot read standard input: " + e.getMessage());
            return REFUSED;
        }
        for (IpvsadmCommand.Parsed p : IpvsadmRestore.read(text)) {
            switch (p) {
                case IpvsadmCommand.Failed f -> {
                    err.print(f.stderr());
                    return f.exitCode();
                }
                case IpvsadmCommand.Ok(IpvsadmCommand c) -> {
                    if (c instanceof IpvsadmCommand.Restore) {
                        // ipvsadm refuses -R inside -R (it would read its own input forever)
                        err.print(IpvsadmParser.TRY_HELP);
                        return REFUSED;
                    }
                    int status = run(c, stdin);
                    if (status != 0 || c instanceof IpvsadmCommand.Help || c instanceof IpvsadmCommand.Version) {
                        return status; // a failure stops the restore; -h and -v end ipvsadm
                    }
                }
            }
        }
        return 0;
    }
}
