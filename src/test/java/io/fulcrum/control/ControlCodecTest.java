package io.fulcrum.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.control.FrameException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlCodecTest {

    private final ControlCodec codec = new ControlCodec();

    @Test
    void everyRequestSurvivesTheRoundTrip() throws FrameException {
        for (ControlRequest r : ControlSamples.requests()) {
            assertThat(codec.decodeRequest(codec.encode(r))).isEqualTo(r);
        }
    }

    @Test
    void everyResponseSurvivesTheRoundTrip() throws FrameException {
        for (ControlResponse r : ControlSamples.responses()) {
            assertThat(codec.decodeResponse(codec.encode(r))).isEqualTo(r);
        }
    }

    @Test
    void theSamplesCoverEveryVariantAndEveryVariantHasAJsonName() {
        Set<Class<?>> seen = new HashSet<>();
        ControlSamples.requests().forEach(r -> seen.add(r.getClass()));
        ControlSamples.responses().forEach(r -> {
            seen.add(r.getClass());
            if (r instanceof ControlResponse.Ok ok) {
                seen.add(ok.payload().getClass());
            }
        });
        for (Class<?> sealed : List.of(ControlRequest.class, ControlResponse.class, ControlResponse.Payload.class)) {
            List<Class<?>> variants = Arrays.asList(sealed.getPermittedSubclasses());
            assertThat(seen).as("samples of " + sealed.getSimpleName()).containsAll(variants);
            assertThat(JsonMapping.typeNames(sealed)).as("JSON names of " + sealed.getSimpleName())
                    .hasSameSizeAs(variants).doesNotHaveDuplicates();
        }
        assertThat(JsonMapping.typeNames(IpvsSnapshot.ServiceKey.class))
                .hasSize(IpvsSnapshot.ServiceKey.class.getPermittedSubclasses().length);
    }

    @Test
    void theWireFormIsPlainJsonWithATypeName() {
        String json = new String(codec.encode(new ControlRequest.DeleteService(ControlSamples.TCP)),
                StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"delete-service\",\"service\":{\"kind\":\"address\","
                + "\"protocol\":\"TCP\",\"address\":\"192.168.10.100\",\"port\":80}}");
    }

    private FrameException refused(String json) {
        try {
            codec.decodeRequest(json.getBytes(StandardCharsets.UTF_8));
        } catch (FrameException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all|NOT_JSON|not JSON: expected the request as one JSON object with a \"type\", found 'not json at all'",
        "{\"type\":\"clear\"|NOT_JSON|not JSON: ",
        "{\"type\":\"clear\"} {}|NOT_JSON|more after the first JSON value",
        "null|NOT_JSON|found 'null'",
        "{\"type\":\"frobnicate\"}|UNKNOWN_TYPE|unknown type: 'frobnicate' at $ (expected one of [hello, add-service,",
        "{\"service\":{}}|MISSING_FIELD|missing field: \"type\" at $",
        "{\"type\":\"delete-service\"}|MISSING_FIELD|missing field: \"service\" at $",
        "{\"type\":\"delete-service\",\"service\":null}|MISSING_FIELD|missing field: \"service\" at $ is null",
        "{\"type\":\"clear\",\"force\":true}|UNKNOWN_FIELD|unknown field: \"force\" at $",
        "{\"type\":\"delete-service\",\"service\":{\"kind\":\"address\",\"protocol\":\"TCP\",\"address\":\"1.2.3.4\",\"port\":70000}}|INVALID_FIELD|port out of range: 70000 at $.service",
        "{\"type\":\"delete-service\",\"service\":{\"kind\":\"address\",\"protocol\":\"TCP\",\"address\":\"1.2.3\",\"port\":80}}|INVALID_FIELD|'1.2.3' is not an IPv4 or IPv6 address at $.service.address",
        "{\"type\":\"delete-service\",\"service\":{\"kind\":\"address\",\"protocol\":\"ICMP\",\"address\":\"1.2.3.4\",\"port\":80}}|INVALID_FIELD|at $.service.protocol",
        "{\"type\":\"delete-service\",\"service\":{\"kind\":\"port\"}}|UNKNOWN_TYPE|unknown type: 'port' at $.service (expected one of [address, fwmark])",
        "{\"type\":\"set-timeouts\",\"tcp\":\"900\",\"tcpFin\":0,\"udp\":0}|INVALID_FIELD|at $.tcp",
        "{\"type\":\"set-timeouts\",\"tcp\":900,\"tcpFin\":0}|MISSING_FIELD|missing field: \"udp\" at $",
        "{\"type\":\"set-timeouts\",\"tcp\":-1,\"tcpFin\":0,\"udp\":0}|INVALID_FIELD|negative timeout: -1 at $",
        "[1,2]|NOT_JSON|found '[1,2]'",
        "{\"type\":\"add-server\",\"service\":{\"kind\":\"fwmark\",\"mark\":1,\"family\":\"INET\"},\"server\":{\"address\":\"10.0.0.1\",\"port\":80,\"forwarding\":\"MASQ\",\"weight\":1,\"upperThreshold\":0,\"lowerThreshold\":0}}|MISSING_FIELD|missing field: \"tunnel\" at $.server",
    })
    void malformedRequestsAreRefusedWithTheReasonAndThePlace(String json, Reason reason, String message) {
        FrameException e = refused(json);
        assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.getMessage()).startsWith(reason.text() + ": ").contains(message);
    }

    @Test
    void anEmptyOrBinaryBodyIsNotJson() {
        assertThatThrownBy(() -> codec.decodeRequest(new byte[0])).isInstanceOf(FrameException.class)
                .hasMessage("not JSON: the request frame is empty");
        assertThatThrownBy(() -> codec.decodeRequest(new byte[] {(byte) 0xff, 0, 1, 2}))
                .isInstanceOf(FrameException.class).extracting(e -> ((FrameException) e).reason())
                .isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void aResponseIsNotARequest() {
        byte[] response = codec.encode(ControlResponse.done());
        assertThatThrownBy(() -> codec.decodeRequest(response)).isInstanceOf(FrameException.class)
                .hasMessageContaining("unknown type: 'ok'");
    }
}
