package io.fulcrum.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.control.UnixSockets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void theSocketIsMode0600WithItsLockAndBothGoOnClose() throws Exception {
        Path sock = dir.resolve("run/fulcrum/f.sock");
        try (ControlSocket s = ControlSocket.open(sock, log::add)) {
            assertThat(Files.isDirectory(sock.getParent())).as("directory created").isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sock, LinkOption.NOFOLLOW_LINKS)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("run/fulcrum/f.sock.lock"))))
                    .isEqualTo("rw-------");
            assertThat(Files.exists(dir.resolve("run/fulcrum/f.sock.new"))).isFalse();
            try (SocketChannel _ = UnixSockets.connect(sock)) {
                assertThat(s.listener().accept()).isNotNull();
            }
        }
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(dir.resolve("run/fulcrum/f.sock.lock"))).isFalse();
        assertThat(log).isEmpty();
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefusedAndTheFirstKeepsIt() throws Exception {
        Path sock = dir.resolve("f.sock");
        try (ControlSocket first = ControlSocket.open(sock, log::add)) {
            assertThatThrownBy(() -> ControlSocket.open(sock, log::add)).isInstanceOf(DaemonStartException.class)
                    .hasMessage("another Fulcrum daemon is already running on control socket " + sock + " (it holds "
                            + sock + ".lock); stop it first, or give this one another --socket PATH");
            try (SocketChannel _ = UnixSockets.connect(sock)) {
                assertThat(first.listener().accept()).isNotNull();
            }
        }
        try (ControlSocket again = ControlSocket.open(sock, log::add)) {
            assertThat(again.path()).isEqualTo(sock);
        }
    }

    @Test
    void aStaleSocketFromACrashedDaemonIsReplaced() throws Exception {
        Path sock = dir.resolve("f.sock");
        UnixSockets.listen(sock).close(); // the file stays; nobody listens
        assertThat(Files.exists(sock, LinkOption.NOFOLLOW_LINKS)).isTrue();
        try (ControlSocket s = ControlSocket.open(sock, log::add)) {
            try (SocketChannel _ = UnixSockets.connect(sock)) {
                assertThat(s.listener().accept()).isNotNull();
            }
        }
        assertThat(log).singleElement().asString().startsWith("Replacing stale control socket " + sock);
    }

    @Test
    void aLiveSocketIsNeverStolen() throws Exception {
        Path sock = dir.resolve("f.sock");
        try (ServerSocketChannel other = UnixSockets.listen(sock)) {
            assertThatThrownBy(() -> ControlSocket.open(sock, log::add)).isInstanceOf(DaemonStartException.class)
                    .hasMessageStartingWith("something is listening on " + sock);
            try (SocketChannel _ = UnixSockets.connect(sock)) {
                assertThat(other.accept()).as("the other listener still has its socket").isNotNull();
            }
        }
        assertThat(Files.exists(dir.resolve("f.sock.lock"))).as("the refused daemon leaves the lock file to its owner").isTrue();
        try (ControlSocket s = ControlSocket.open(sock, log::add)) {
            assertThat(s.path()).isEqualTo(sock);
        }
    }

    @Test
    void aFileThatIsNotASocketIsNotReplaced() throws Exception {
        Path sock = dir.resolve("f.sock");
        Files.writeString(sock, "precious");
        assertThatThrownBy(() -> ControlSocket.open(sock, log::add)).isInstanceOf(DaemonStartException.class)
                .hasMessage(sock + " exists and is not a socket; refusing to replace it (remove it, or give another"
                        + " --socket PATH)");
        assertThat(Files.readString(sock)).isEqualTo("precious");
    }

    @Test
    void anUnusableDirectoryNamesThePathAndSuggestsSocket() throws Exception {
        Files.writeString(dir.resolve("file"), "");
        Path sock = dir.resolve("file/f.sock");
        assertThatThrownBy(() -> ControlSocket.open(sock, log::add)).isInstanceOf(DaemonStartException.class)
                .hasMessageStartingWith("cannot create the directory " + dir.resolve("file") + " for the control socket "
                        + sock + ": ")
                .hasMessageEndingWith("(run as root for the default location, or give --socket PATH / FULCRUM_SOCKET"
                        + " in a directory you can write)");
    }

    @Test
    void aPathTooLongForAUnixSocketIsRefusedClearly() {
        Path sock = dir.resolve("x".repeat(120) + ".sock");
        assertThatThrownBy(() -> ControlSocket.open(sock, log::add)).isInstanceOf(DaemonStartException.class)
                .hasMessageContaining("is too long for a Unix socket").hasMessageContaining("--socket");
    }
}
