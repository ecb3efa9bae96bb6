package io.fulcrum.system;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's OpenSMTPD in a namespace, accepting mail for {@code example.test} on ADDRESS:25 and delivering it to a
 * maildir the test reads. OpenSMTPD refuses pipelined commands, so a client must wait for each reply, as
 * keepalived's does.
 */
final class OpenSmtpd {

    private final Path maildir;

    private OpenSmtpd(Path maildir) {
        this.maildir = maildir;
    }

    static OpenSmtpd start(SystemLab lab, Netns ns, String address) throws IOException, LabException,
            InterruptedException {
        Path root = lab.dir().resolve("smtpd");
        Path mail = root.resolve("mail");
        Files.createDirectories(mail);
        Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = root.resolve("smtpd.conf");
        Files.writeString(conf, "table vusers { \"@example.test\" = \"nobody\" }\n"
                + "listen on " + address + " port 25\n"
                + "action \"deliver\" maildir \"" + mail + "\" virtual <vusers>\n"
                + "match from any for domain \"example.test\" action \"deliver\"\n");
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-------"));
        Process p = lab.start(ns, "smtpd", List.of("smtpd", "-d", "-f", conf.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ns.run("bash", "-c", "exec 3<>/dev/tcp/" + address + "/25 && echo ok || true").contains("ok")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("smtpd did not start: " + Files.readString(lab.log("smtpd")));
            }
            Thread.sleep(50);
        }
        return new OpenSmtpd(mail);
    }

    /** Every message delivered so far, as raw text. */
    List<String> messages() throws IOException {
        Path n = maildir.resolve("new");
        if (!Files.isDirectory(n)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(n)) {
            return files.sorted().map(f -> {
                try {
                    return Files.readString(f);
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}
