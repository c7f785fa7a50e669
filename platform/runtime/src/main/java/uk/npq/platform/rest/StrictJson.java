package uk.npq.platform.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.temporal.TemporalAccessor;

/**
 * JSON is read as typed, never coerced: a value of the wrong JSON type is refused (a MismatchedInputException, which
 * {@link RequestReader} answers with a 422 naming the attribute) instead of silently becoming something else.
 * Jackson's defaults would store {@code "eligible_for_funding": -1} as true, {@code "title": true} as "true",
 * {@code "scheduled_at": 86400} as 1970-01-02 and {@code "first_day": 0} as 1970-01-01. Refused here, once, for every
 * service's ObjectMapper:
 * <ul>
 * <li>a number or boolean where text is expected (String), and text where a number or boolean is expected;</li>
 * <li>a number where true/false is expected; a fraction where a whole number is expected;</li>
 * <li>an empty string where a number, boolean, date, UUID or object is expected (it is not "absent");</li>
 * <li>a date or time (java.time) given as anything but a string: no epoch numbers, no [y,m,d] arrays, no
 * date-time where a date is expected (leniency off);</li>
 * <li>a number where an enum's name is expected.</li>
 * </ul>
 * An attribute typed {@code Object} or {@code JsonNode} on purpose (e.g. an amount that may be a number or a string)
 * still takes any JSON value; its resource checks it.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.setDefaultLeniency(false);
        mapper.registerModule(new SimpleModule("npq-strict-json").setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                boolean javaTime = type.getName().startsWith("java.time.") && TemporalAccessor.class.isAssignableFrom(type);
                return javaTime ? new TextOnly(deserializer) : deserializer;
            }
        }));
    }

    /** A java.time value is read only from a JSON string (its ISO 8601 text); any other token is a wrong type. */
    static final class TextOnly extends DelegatingDeserializer {
        TextOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) return ctxt.handleUnexpectedToken(handledType(), p);
            return super.deserialize(p, ctxt);
        }
    }
}
