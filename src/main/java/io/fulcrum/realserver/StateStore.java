package io.fulcrum.realserver;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The state files of real-server set-ups: one JSON file per VIP ({@code DIR/192.0.2.10.json}), written whole to a
 * temporary file and renamed over the old one, so a crash never leaves half a file.
 */
public final class StateStore {

    /** Where the state files go unless --state-dir says otherwise. */
    public static final Path DEFAULT_DIR = Path.of("/run/fulcrum/realserver");

    private final Path dir;
    private final JsonMapper mapper = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();

    public StateStore(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Path dir() {
        return dir;
    }

    /** The state file of {@code vip}. */
    public Path file(IpAddress vip) {
        return dir.resolve(vip + ".json");
    }

    /** The saved state of {@code vip}; empty when there is no file. */
    public Optional<RealServerState> load(IpAddress vip) throws RealServerException {
        Path f = file(vip);
        byte[] json;
        try {
            json = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RealServerException("cannot read the state file " + f + ": " + e.getMessage(), e);
        }
        RealServerState s;
        try {
            s = mapper.readValue(json, RealServerState.class);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new RealServerException("the state file " + f + " is not valid (" + firstLine(e.getMessage())
                    + "); move it away to start afresh, after checking the VIP's address and the arp_ignore/"
                    + "arp_announce sysctls by hand", e);
        } catch (IOException e) {
            throw new RealServerException("cannot read the state file " + f + ": " + e.getMessage(), e);
        }
        if (s == null || !s.address().equals(vip)) {
            throw new RealServerException("the state file " + f + " is for " + (s == null ? "nothing" : s.vip())
                    + ", not " + vip);
        }
        return Optional.of(s);
    }

    /** Writes the state of its VIP, creating the directory when needed. */
    public void save(RealServerState state) throws RealServerException {
        Path f = file(state.address());
        Path tmp = dir.resolve("." + f.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.write(tmp, mapper.writeValueAsBytes(state));
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the error below says what failed
            }
            throw new RealServerException("cannot write the state file " + f + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the state file of {@code vip} (no error when there is none). */
    public void delete(IpAddress vip) throws RealServerException {
        Path f = file(vip);
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new RealServerException("cannot delete the state file " + f + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
