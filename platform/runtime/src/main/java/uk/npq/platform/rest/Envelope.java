package uk.npq.platform.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The DfE v3 (JSON:API-like) envelope for one resource: {@code {"data":{"id","type","attributes"}}}.
 * Responses are written with it; requests are read by {@link RequestReader}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope<A>(Data<A> data) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data<A>(String id, String type, A attributes) {}

    public static <A> Envelope<A> of(String id, String type, A attributes) {
        return new Envelope<>(new Data<>(id, type, attributes));
    }
}
