package io.fulcrum.lab;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads and writes a lab's {@link LabState} as {@code state.json} in its state directory (written to a temporary
 * file, then moved over the old one, so a reader never sees half a state). Addresses, prefixes, paths and
 * durations are plain strings in the JSON (durations in milliseconds).
 */
public final class LabStateStore {

    /** The state file's name in the state directory. */
    public static final String FILE = "state.json";

    /** The default state directory of lab {@code name}. */
    public static Path defaultDir(String name) {
        return Path.of("/run/fulcrum/lab", name);
    }

    private final ObjectMapper json;

    public LabStateStore() {
        SimpleModule m = new SimpleModule("fulcrum-lab");
        text(m, IpAddress.class, IpAddress::toString, IpAddress::parse);
        text(m, IpPrefix.class, IpPrefix::toString, s -> IpPrefix.tryParse(s)
                .orElseThrow(() -> new IllegalArgumentException("not a prefix: " + s)));
        text(m, Path.class, Path::toString, Path::of);
        m.addSerializer(Duration.class, new JsonSerializer<>() {
            @Override
            public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeNumber(d.toMillis());
            }
        });
        m.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return Duration.ofMillis(p.getLongValue());
            }
        });
        json = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(m)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    private static <T> void text(SimpleModule m, Class<T> type, Function<T, String> write, Function<String, T> read) {
        m.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(write.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
                try {
                    return read.apply(p.getValueAsString());
                } catch (IllegalArgumentException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        });
    }

    public String toJson(LabState state) throws LabException {
        try {
            return json.writeValueAsString(state);
        } catch (IOException e) {
            throw new LabException("cannot write the lab's state: " + e.getMessage());
        }
    }

    public LabState fromJson(String text) throws LabException {
        try {
            LabState s = json.readValue(text, LabState.class);
            if (s.version() != LabState.VERSION) {
                throw new LabException("lab state version " + s.version() + " is not this Fulcrum's ("
                        + LabState.VERSION + ")");
            }
            return s;
        } catch (IOException e) {
            throw new LabException("cannot read the lab's state: " + e.getMessage());
        }
    }

    /** Saves {@code state} in its state directory. */
    public void save(LabState state) throws LabException {
        Path dir = state.stateDir();
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, toJson(state));
            try {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LabException("cannot save the lab's state in " + dir + ": " + e.getMessage());
        }
    }

    /** The state saved in {@code dir}, if there is one. */
    public Optional<LabState> load(Path dir) throws LabException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromJson(Files.readString(file)));
        } catch (IOException e) {
            throw new LabException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Creates the state directory (mode 0755: nginx may read its pages as another user). */
    public static void createDir(Path dir) throws LabException {
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new LabException("cannot create the state directory " + dir + ": " + e.getMessage());
        }
    }
}
