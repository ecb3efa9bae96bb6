package io.fulcrum.cli;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand;
import io.fulcrum.cli.ipvsadm.IpvsadmParser;
import io.fulcrum.cli.ipvsadm.IpvsadmSession;
import io.fulcrum.cli.ipvsadm.IpvsadmTexts;
import io.fulcrum.lab.LabException;
import io.fulcrum.lab.TableReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** The lab's view of a director's table: {@code fulcrum ipvsadm -Ln} against its control socket, in-process. */
final class LabTables implements TableReader {

    @Override
    public String list(Path socket) throws LabException {
        IpvsadmCommand command = switch (IpvsadmParser.parse(List.of("-Ln"))) {
            case IpvsadmCommand.Ok ok -> ok.command();
            case IpvsadmCommand.Failed f -> throw new LabException("ipvsadm -Ln: " + f.stderr());
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (DaemonChannel channel = new DaemonChannel(socket, "fulcrum lab " + Main.version())) {
            int code = new IpvsadmSession(channel, new PrintWriter(out, true), new PrintWriter(err, true),
                    IpvsadmTexts.load()).execute(command, () -> "");
            if (code != 0) {
                throw new LabException("fulcrum ipvsadm -Ln --socket " + socket + ": " + err.toString().strip());
            }
        }
        return out.toString();
    }
}
