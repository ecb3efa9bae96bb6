package io.fulcrum.control;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns control requests and responses into frame bodies (UTF-8 JSON) and back. Decoding is strict and never
 * returns null: anything else than a well-formed message of a known type raises a {@link FrameException} that
 * says what was wrong and where ({@code $.service.key.port}).
 */
public final class ControlCodec {

    private static final Pattern MISSING =
            Pattern.compile("^(?:Missing (?:required )?creator property|Null value for creator property) '([^']*)'");

    private final JsonMapper mapper = JsonMapping.mapper();

    public byte[] encode(ControlRequest request) {
        return write(request);
    }

    public byte[] encode(ControlResponse response) {
        return write(response);
    }

    /** The status as JSON, the same shape it has inside a response (for {@code fulcrum status --json}). */
    public String json(VrrpStatus status) {
        return new String(write(status), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The packet engine's status as JSON ({@code fulcrum status --json}). */
    public String json(DataplaneStatus status) {
        return new String(write(status), java.nio.charset.StandardCharsets.UTF_8);
    }

    public ControlRequest decodeRequest(byte[] body) throws FrameException {
        return read(body, ControlRequest.class, "request");
    }

    public ControlResponse decodeResponse(byte[] body) throws FrameException {
        return read(body, ControlResponse.class, "response");
    }

    private byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // records of this package always serialize; reaching here is a bug in the mapping
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(byte[] body, Class<T> type, String what) throws FrameException {
        if (body.length == 0) {
            throw new FrameException(FrameException.Reason.NOT_JSON, "the " + what + " frame is empty");
        }
        int first = 0;
        while (first < body.length && (body[first] == ' ' || body[first] == '\t' || body[first] == '\n'
                || body[first] == '\r')) {
            first++;
        }
        if (first == body.length || body[first] != '{') {
            throw new FrameException(FrameException.Reason.NOT_JSON, "expected the " + what
                    + " as one JSON object with a \"type\", found " + (first == body.length ? "only blanks"
                    : "'" + new String(body, first, Math.min(16, body.length - first), StandardCharsets.UTF_8)
                    + "'"));
        }
        try {
            return mapper.readValue(body, type);
        } catch (StreamReadException e) {
            throw new FrameException(FrameException.Reason.NOT_JSON, e.getOriginalMessage() + " at byte "
                    + e.getLocation().getByteOffset() + " (expected one JSON object)");
        } catch (InvalidTypeIdException e) {
            if (e.getTypeId() == null) {
                throw new FrameException(FrameException.Reason.MISSING_FIELD, "\"" + typeProperty(e) + "\" at "
                        + path(e) + " (expected one of " + JsonMapping.typeNames(e.getBaseType().getRawClass()) + ")");
            }
            throw new FrameException(FrameException.Reason.UNKNOWN_TYPE, "'" + e.getTypeId() + "' at " + path(e)
                    + " (expected one of " + JsonMapping.typeNames(e.getBaseType().getRawClass()) + ")");
        } catch (UnrecognizedPropertyException e) {
            throw new FrameException(FrameException.Reason.UNKNOWN_FIELD, "\"" + e.getPropertyName() + "\" at "
                    + path(e) + " (expected " + e.getKnownPropertyIds() + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new FrameException(FrameException.Reason.INVALID_FIELD, cause.getMessage() + " at " + path(e));
        } catch (JsonMappingException e) {
            String m = e.getOriginalMessage();
            if (m.startsWith("Trailing token")) {
                throw new FrameException(FrameException.Reason.NOT_JSON, "more after the first JSON value (expected"
                        + " one JSON object per frame)");
            }
            Matcher property = MISSING.matcher(m);
            if (property.find()) {
                String name = property.group(1);
                String at = path(e);
                at = at.endsWith("." + name) ? at.substring(0, at.length() - name.length() - 1) : at;
                throw new FrameException(FrameException.Reason.MISSING_FIELD, "\"" + name + "\" at " + at
                        + (m.startsWith("Null") ? " is null" : ""));
            }
            throw new FrameException(FrameException.Reason.INVALID_FIELD, firstLine(m) + " at " + path(e));
        } catch (JacksonException e) {
            throw new FrameException(FrameException.Reason.NOT_JSON, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            // reading from a byte array does no I/O; keep the reason anyway
            throw new FrameException(FrameException.Reason.NOT_JSON, String.valueOf(e.getMessage()));
        }
    }

    private static String typeProperty(InvalidTypeIdException e) {
        return e.getOriginalMessage().contains("'kind'") ? "kind" : "type";
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The JSON path of the failure: {@code $}, {@code $.service.key}, {@code $.snapshot.services[2]}. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder("$");
        List<JsonMappingException.Reference> refs = e.getPath();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }
}
