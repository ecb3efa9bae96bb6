package io.fulcrum.check;

import io.fulcrum.config.model.MiscCheck;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code MISC_CHECK}: runs misc_path (through the {@link ProgramRunner} port: no shell, its user, a hard timeout)
 * and judges its exit status as keepalived does (check_misc.c): 0 is up; with misc_dynamic 2..255 is up with
 * weight status - 2 (and 0 restores the real server's configured weight); anything else, a signal, a timeout or a
 * program that cannot start is down. The timeout is misc_timeout, else the virtual server's delay_loop.
 *
 * <p>Lines: {@code Misc check for [[10.0.0.11]:tcp:80 VS [192.168.10.100]:tcp:80] by [/path/check.sh] succeeded.}
 * and {@code ... failed after 3 retries (exited with status 1).}, {@code ... failed (due to signal 9).},
 * {@code ... timed out after 3 retries.}; a program that could not start gives the runner's reason in the
 * parentheses, e.g. {@code (Script /path/check.sh cannot be accessed - No such file or directory)}.
 */
public final class MiscChecker implements Checker {

    private static final Pattern VERDICT = Pattern.compile("(failed|timed out)(?: after \\d+ retries)?(.*)",
            Pattern.DOTALL);

    private final MiscCheck spec;
    private final CheckTarget target;
    private final ProgramRunner programs;
    private final Duration timeout;
    private final String prefix;

    public MiscChecker(MiscCheck spec, CheckTarget target, ProgramRunner programs) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.target = Objects.requireNonNull(target, "target");
        this.programs = Objects.requireNonNull(programs, "programs");
        this.timeout = spec.timeoutSeconds().isPresent() ? Duration.ofSeconds(spec.timeoutSeconds().getAsInt())
                : target.virtualServer().checks().delayLoop();
        this.prefix = "Misc check for [" + target.rsName() + " VS " + target.vsName() + "] by ["
                + spec.script().program() + "] ";
    }

    @Override
    public String kind() {
        return "MISC_CHECK";
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        ProgramRunner.Outcome outcome = programs.run(spec.script(), timeout);
        long retry = spec.options().retry();
        return switch (outcome) {
            case ProgramRunner.Outcome.Exited e when e.status() == 0 -> spec.dynamic()
                    ? new ProbeResult.Success(OptionalLong.of(target.realServer().weight()))
                    : ProbeResult.Success.plain();
            case ProgramRunner.Outcome.Exited e when spec.dynamic() && e.status() >= 2 && e.status() <= 255 ->
                    new ProbeResult.Success(OptionalLong.of(e.status() - 2L));
            case ProgramRunner.Outcome.Exited e -> failure("failed", retry, " (exited with status " + e.status() + ")");
            case ProgramRunner.Outcome.Signalled s -> failure("failed", retry, " (due to signal " + s.signal() + ")");
            case ProgramRunner.Outcome.TimedOut t -> failure("timed out", retry, "");
            case ProgramRunner.Outcome.NotStarted n -> failure("failed", retry, " (" + n.reason() + ")");
        };
    }

    private ProbeResult.Failure failure(String verdict, long retries, String detail) {
        return new ProbeResult.Failure(line(verdict, retries, detail));
    }

    private String line(String verdict, long retries, String detail) {
        return prefix + verdict + (retries > 0 ? " after " + retries + " retries" : "") + detail + ".";
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String upLine() {
        return prefix + "succeeded.";
    }

    @Override
    public String downLine(long retries, ProbeResult.Failure last) {
        String line = last.line();
        if (line.startsWith(prefix) && line.endsWith(".")) {
            Matcher m = VERDICT.matcher(line.substring(prefix.length(), line.length() - 1));
            if (m.matches()) {
                return line(m.group(1), retries, m.group(2));
            }
        }
        return line("failed", retries, "");
    }
}
