package io.fulcrum.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code nft} program (Debian package nftables), run once per change: a script on its standard input
 * ({@code nft -f -}, one transaction), or a single command. A refusal is an {@link IOException} carrying the
 * command, its exit status and nft's own message. Shared by the packet engine's table ({@link NftInputGuard}) and
 * the no_accept drop rules ({@link NftVipFirewall}).
 */
final class Nft {

    private static final long TIMEOUT_SECONDS = 10;

    private final String program;

    /** @param program the nft program: a path, or a name looked up in PATH */
    Nft(String program) {
        this.program = program;
    }

    /** Runs {@code script} as one transaction ({@code nft -f -}). */
    void script(String script) throws IOException {
        run(List.of(program, "-f", "-"), script);
    }

    /** Runs {@code nft ARGS} with nothing on its standard input. */
    void command(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program);
        command.addAll(List.of(args));
        run(command, "");
    }

    /** A script that deletes {@code family name} if it exists, and is no error when it does not. */
    static String deleteIfPresent(String family, String name) {
        return "table " + family + " " + name + " {}\ndelete table " + family + " " + name + "\n";
    }

    /** Whether {@code nft} is in PATH (or, without PATH, in the usual system directories). */
    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nft"))) {
                return true;
            }
        }
        return false;
    }

    private static void run(List<String> command, String input) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        String out;
        try (var o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + String.join(" ", command), e);
        }
        if (p.exitValue() != 0) {
            List<String> lines = new ArrayList<>(out.lines().toList());
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")"
                    + (lines.isEmpty() ? "" : ": " + String.join(" / ", lines)));
        }
    }
}
