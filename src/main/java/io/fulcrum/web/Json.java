package io.fulcrum.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON of the API: records as objects, an empty Optional as null. */
final class Json {

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module())
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    byte[] bytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code /api/v1/vrrp}: whether VRRP runs, and its instances. */
    Map<String, Object> vrrp(StatusDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", d.generatedAt());
        m.put("running", d.vrrpRunning());
        m.put("instances", d.vrrp());
        return m;
    }

    /** {@code /api/v1/virtual-servers}: the virtual servers with their real servers. */
    Map<String, Object> virtualServers(StatusDocument d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", d.generatedAt());
        m.put("virtualServers", d.virtualServers());
        return m;
    }
}
