package io.fulcrum.daemon;

import io.fulcrum.vrrp.ProcessTable;
import io.fulcrum.vrrp.RunningProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link ProcessTable} of this host, read from {@code /proc} as keepalived's start-up scan reads it: the name,
 * state and parent from {@code /proc/PID/stat}, the command line from {@code /proc/PID/cmdline} when asked. A
 * process that exits while it is being read is left out.
 */
final class ProcFsProcessTable implements ProcessTable {

    private final Path proc;

    ProcFsProcessTable(Path proc) {
        this.proc = proc;
    }

    ProcFsProcessTable() {
        this(Path.of("/proc"));
    }

    @Override
    public List<RunningProcess> processes(boolean commandLines) throws IOException {
        List<RunningProcess> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[1-9]*")) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    RunningProcess p = read(dir, Long.parseLong(name), commandLines);
                    if (p != null) {
                        out.add(p);
                    }
                } catch (IOException | NumberFormatException gone) {
                    // the process exited between the listing and the read (or its stat was not a process's)
                }
            }
        }
        return out;
    }

    private static RunningProcess read(Path dir, long pid, boolean commandLines) throws IOException {
        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String[] rest = stat.substring(close + 1).strip().split(" ");
        if (rest.length < 2) {
            return null;
        }
        List<String> argv = List.of();
        if (commandLines) {
            byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
            if (raw.length > 0) {
                String text = new String(raw, StandardCharsets.UTF_8);
                if (text.endsWith("\0")) {
                    text = text.substring(0, text.length() - 1);
                }
                argv = Arrays.asList(text.split("\0", -1));
            }
        }
        return new RunningProcess(pid, Long.parseLong(rest[1]), stat.substring(open + 1, close), argv,
                rest[0].equals("Z"));
    }
}
