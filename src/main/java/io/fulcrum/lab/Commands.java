package io.fulcrum.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's network tools ({@code ip}) to their end, turning a failure into a {@link LabException}. */
final class Commands {

    /** The longest one {@code ip} command may take. */
    static final long TIMEOUT_SECONDS = 30;

    private Commands() {
    }

    /** What a command printed, and how it ended. */
    record Result(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code cmd}, returns its standard output; a non-zero exit names the command and its error output. */
    static String run(List<String> cmd) throws LabException {
        Result r = result(cmd);
        if (!r.ok()) {
            throw new LabException(String.join(" ", cmd) + ": exit " + r.exitCode() + ": " + r.err().strip());
        }
        return r.out();
    }

    /** Runs {@code cmd} to its end, whatever its exit code; fails only when it cannot run or does not end. */
    static Result result(List<String> cmd) throws LabException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new LabException("cannot run " + cmd.getFirst() + ": " + e.getMessage()
                    + " (Debian package iproute2 provides ip)");
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", cmd) + ": did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            p.destroyForcibly();
            throw new LabException(String.join(" ", cmd) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException(String.join(" ", cmd) + ": interrupted");
        }
    }
}
