package io.fulcrum.control;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.fulcrum.common.IpAddress;
import io.fulcrum.control.ControlRequest.AddServer;
import io.fulcrum.control.ControlRequest.AddService;
import io.fulcrum.control.ControlRequest.Clear;
import io.fulcrum.control.ControlRequest.DeleteServer;
import io.fulcrum.control.ControlRequest.DeleteService;
import io.fulcrum.control.ControlRequest.EditServer;
import io.fulcrum.control.ControlRequest.EditService;
import io.fulcrum.control.ControlRequest.GetTable;
import io.fulcrum.control.ControlRequest.GetTimeouts;
import io.fulcrum.control.ControlRequest.Hello;
import io.fulcrum.control.ControlRequest.SetTimeouts;
import io.fulcrum.control.ControlRequest.Zero;
import io.fulcrum.control.IpvsSnapshot.AddressKey;
import io.fulcrum.control.IpvsSnapshot.FwmarkKey;
import io.fulcrum.control.IpvsSnapshot.ServiceKey;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How the control records map to JSON: strict (every field required, no unknown fields, no type coercion), the
 * sealed types tagged with a {@code type} (requests, responses, payloads) or {@code kind} (service keys) name,
 * IP addresses as their text. Mix-ins keep the records free of Jackson annotations.
 */
final class JsonMapping {

    private JsonMapping() {
    }

    static JsonMapper mapper() {
        SimpleModule addresses = new SimpleModule("fulcrum-ip-address");
        addresses.addSerializer(IpAddress.class, new AddressSerializer());
        addresses.addDeserializer(IpAddress.class, new AddressDeserializer());
        JsonMapper.Builder b = JsonMapper.builder();
        MIXINS.forEach(b::addMixIn);
        return b
                .addModule(new Jdk8Module())
                .addModule(addresses)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
    }

    /** The type names a sealed base accepts, as the mix-ins declare them: {@code [hello, add-service, ...]}. */
    static List<String> typeNames(Class<?> base) {
        Class<?> mixin = MIXINS.get(base);
        if (mixin == null) {
            return List.of();
        }
        return Arrays.stream(mixin.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList();
    }

    /** Each sealed type with the mix-in that names its variants. */
    static final Map<Class<?>, Class<?>> MIXINS = Map.of(
            ControlRequest.class, RequestMixin.class,
            ControlResponse.class, ResponseMixin.class,
            ControlResponse.Payload.class, PayloadMixin.class,
            ServiceKey.class, ServiceKeyMixin.class);

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = AddService.class, name = "add-service"),
        @JsonSubTypes.Type(value = EditService.class, name = "edit-service"),
        @JsonSubTypes.Type(value = DeleteService.class, name = "delete-service"),
        @JsonSubTypes.Type(value = Clear.class, name = "clear"),
        @JsonSubTypes.Type(value = AddServer.class, name = "add-server"),
        @JsonSubTypes.Type(value = EditServer.class, name = "edit-server"),
        @JsonSubTypes.Type(value = DeleteServer.class, name = "delete-server"),
        @JsonSubTypes.Type(value = Zero.class, name = "zero"),
        @JsonSubTypes.Type(value = SetTimeouts.class, name = "set-timeouts"),
        @JsonSubTypes.Type(value = GetTable.class, name = "get-table"),
        @JsonSubTypes.Type(value = GetTimeouts.class, name = "get-timeouts"),
        @JsonSubTypes.Type(value = ControlRequest.GetVrrpStatus.class, name = "get-vrrp-status"),
        @JsonSubTypes.Type(value = ControlRequest.GetDataplaneStatus.class, name = "get-dataplane-status"),
        @JsonSubTypes.Type(value = ControlRequest.Dump.class, name = "dump"),
        @JsonSubTypes.Type(value = ControlRequest.Reload.class, name = "reload")
    })
    interface RequestMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ControlResponse.Ok.class, name = "ok"),
        @JsonSubTypes.Type(value = ControlResponse.Error.class, name = "error")
    })
    interface ResponseMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ControlResponse.Done.class, name = "done"),
        @JsonSubTypes.Type(value = ControlResponse.Welcome.class, name = "welcome"),
        @JsonSubTypes.Type(value = ControlResponse.Table.class, name = "table"),
        @JsonSubTypes.Type(value = ControlResponse.Timeouts.class, name = "timeouts"),
        @JsonSubTypes.Type(value = ControlResponse.Vrrp.class, name = "vrrp"),
        @JsonSubTypes.Type(value = ControlResponse.Dataplane.class, name = "dataplane"),
        @JsonSubTypes.Type(value = ControlResponse.Dumped.class, name = "dumped"),
        @JsonSubTypes.Type(value = ControlResponse.Reloaded.class, name = "reloaded")
    })
    interface PayloadMixin {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = AddressKey.class, name = "address"),
        @JsonSubTypes.Type(value = FwmarkKey.class, name = "fwmark")
    })
    interface ServiceKeyMixin {
    }

    private static final class AddressSerializer extends StdSerializer<IpAddress> {
        AddressSerializer() {
            super(IpAddress.class);
        }

        @Override
        public void serialize(IpAddress value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }

    private static final class AddressDeserializer extends StdDeserializer<IpAddress> {
        AddressDeserializer() {
            super(IpAddress.class);
        }

        @Override
        public IpAddress deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw MismatchedInputException.from(p, IpAddress.class,
                        "expected an IP address as a string, found " + p.currentToken());
            }
            String text = p.getText();
            return IpAddress.tryParse(text).orElseThrow(() -> InvalidFormatException.from(p,
                    "'" + text + "' is not an IPv4 or IPv6 address", text, IpAddress.class));
        }
    }
}
