package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/fulcrum as a user runs it: the JDK lookup and the launch. */
class LauncherIT {

    private static final Path HOME = Path.of(System.getProperty("fulcrum.home", "."));

    record Run(int code, String out) {
    }

    private static Run launcher(java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = HOME.resolve("bin/fulcrum").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void withoutAJdk25ItSaysWhatToInstall(@TempDir Path emptyJvmDir) throws Exception {
        Path old = Files.createDirectories(emptyJvmDir.resolve("java-17"));
        Run r = launcher(java.util.Map.of("JAVA_HOME", old.toString(), "FULCRUM_JVM_DIR", emptyJvmDir.toString()),
                "version");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("no JDK 25 or newer found").contains("temurin-25-jdk");
    }

    @Test
    void findsTheJdkAndRunsTheJar() throws Exception {
        Run r = launcher(java.util.Map.of("JAVA_HOME", System.getProperty("java.home")), "version");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("fulcrum ").contains("java " + Runtime.version().feature());
    }
}
