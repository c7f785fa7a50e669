package uk.npq.platform.rest;

import java.util.List;

/** {@code {"data":[...]}}: a page of resources, DfE style (no meta, no links). */
public record ListEnvelope<A>(List<Envelope.Data<A>> data) {}
