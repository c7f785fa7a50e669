package uk.npq.assessment.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import uk.npq.assessment.repository.ParticipantOutcome;
import uk.npq.assessment.service.Outcomes;
import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.persistence.ReadOnly;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.projection.ParticipantCopies;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * DfE lead-provider API v3: participant outcomes. A provider sees the outcomes of its own declarations; a
 * retired participant id answers 410 Gone naming its replacement.
 */
@Path("/api/v3/participants/npq")
public class OutcomeResource {
    static final String TYPE = "participant-outcome";

    @Inject Outcomes outcomes;
    @Inject RequestReader reader;
    @Inject EntityManager em;
    @Inject ParticipantCopies copies;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(String state, String completionDate, String courseIdentifier, UUID participantId,
                             Instant createdAt, Instant updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Request(String courseIdentifier, String state, String completionDate) {}

    /**
     * GET /api/v3/participants/npq/outcomes: filter[created_since], page; in creation order. With page[cursor] (empty for
     * the start) the provider's change feed of outcomes (platform ChangeFeed): in commit order, each page's
     * X-Next-Cursor the place to continue from, so a sync neither skips nor repeats an outcome while transactions
     * commit in any order.
     */
    @GET
    @Path("/outcomes")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response list(@Context UriInfo uri) {
        ListQuery query = ListQuery.of(uri.getQueryParameters());
        UUID lp = caller.requireLeadProvider();
        if (query.cursor().isPresent()) return feed(uri, query, lp);
        ReadOnly.transaction(em);
        Optional<Instant> since = query.createdSince();
        int[] paging = {query.page(), query.perPage()};
        var q = em.createQuery("from ParticipantOutcome o where o.leadProviderId = :lp" + (since.isPresent() ? " and o.createdAt >= :since" : "")
                + " order by o.createdAt, o.id", ParticipantOutcome.class).setParameter("lp", lp);
        since.ifPresent(s -> q.setParameter("since", s));
        long first = (paging[0] - 1L) * paging[1];
        List<ParticipantOutcome> page = first > Integer.MAX_VALUE ? List.of() : q.setFirstResult((int) first).setMaxResults(paging[1]).getResultList();
        return Response.ok(new ListEnvelope<>(page.stream().map(OutcomeResource::data).toList())).header("Cache-Control", "no-store").build();
    }

    /** A page of the provider's outcome feed after the cursor, with filter[created_since]. */
    Response feed(UriInfo uri, ListQuery query, UUID lp) {
        ChangeFeed.readTransaction(em);
        Map<String, Object> params = new java.util.HashMap<>();
        List<ListQuery.Cursor> positions = ChangeFeed.page(em, "participant_outcome", feedWhere(lp, query, params), params,
                query.cursor().orElseThrow(), query.perPage());
        List<ParticipantOutcome> page = positions.isEmpty() ? List.of() : ChangeFeed.inOrder(positions,
                em.createQuery("from ParticipantOutcome o where o.id in :ids", ParticipantOutcome.class)
                        .setParameter("ids", ChangeFeed.ids(positions)).getResultList(), o -> o.id);
        return ListQuery.withNextCursor(Response.ok(new ListEnvelope<>(page.stream().map(OutcomeResource::data).toList())), uri, query,
                positions.size(), positions.isEmpty() ? null : positions.get(positions.size() - 1));
    }

    /** The feed's conditions on participant_outcome t: the provider, and filter[created_since]. */
    static String feedWhere(UUID lp, ListQuery query, Map<String, Object> params) {
        params.put("lp", lp);
        query.createdSince().ifPresent(s -> params.put("since", java.time.OffsetDateTime.ofInstant(s, java.time.ZoneOffset.UTC)));
        return "t.lead_provider_id = :lp" + (query.createdSince().isPresent() ? " AND t.created_at >= :since" : "");
    }

    /** The SQL of a feed page, for the index test (the same text feed() sends). */
    public static String feedSql(UUID lp, ListQuery query) {
        return ChangeFeed.sql("participant_outcome", feedWhere(lp, query, new java.util.HashMap<>()));
    }

    /** GET /api/v3/participants/npq/{id}/outcomes: the participant's outcomes with this provider. */
    @GET
    @Path("/{id}/outcomes")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response forParticipant(@PathParam("id") String id, @Context UriInfo uri) {
        UUID lp = caller.requireLeadProvider();
        ListQuery query = ListQuery.of(uri.getQueryParameters());
        UUID participant = participant(id, lp);
        int[] paging = {query.page(), query.perPage()};
        long first = (paging[0] - 1L) * paging[1];
        List<ParticipantOutcome> page = first > Integer.MAX_VALUE ? List.of() : em.createQuery("from ParticipantOutcome o where "
                        + "o.participantId = ?1 and o.leadProviderId = ?2 order by o.createdAt, o.id", ParticipantOutcome.class)
                .setParameter(1, participant).setParameter(2, lp).setFirstResult((int) first).setMaxResults(paging[1]).getResultList();
        return Response.ok(new ListEnvelope<>(page.stream().map(OutcomeResource::data).toList())).header("Cache-Control", "no-store").build();
    }

    /** POST /api/v3/participants/npq/{id}/outcomes: a repeated identical outcome, or a pass after a pass, returns the existing one. */
    @POST
    @Path("/{id}/outcomes")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response submit(@PathParam("id") String id, String body) {
        UUID lp = caller.requireLeadProvider();
        Request r = reader.attributes(body, "npq-outcome-confirmation", Request.class);
        return QuarkusTransaction.joiningExisting().call(() -> {
            UUID participant = participant(id, lp);
            var result = outcomes.submit(lp, participant, r.courseIdentifier(), r.state(), r.completionDate());
            var response = Response.ok(new Envelope<>(data(result.outcome()))).header("Cache-Control", "no-store");
            if (!result.created()) response.header("Idempotent-Replayed", "true");
            return response.build();
        });
    }

    // ------------------------------------------------------------------------------------------------
    /** The live participant id if it is one of this provider's (an accepted application); a retired id is 410 Gone. */
    UUID participant(String id, UUID lp) {
        UUID participant = PathIds.uuid(id);
        var replacement = copies.replacement(participant);
        if (replacement.isPresent()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("from_participant_id", participant.toString());
            change.put("to_participant_id", replacement.get().to().toString());
            change.put("changed_at", replacement.get().changedAt().toString());
            throw Problems.participantIdChanged(participant, replacement.get().to(), List.of(change));
        }
        long accepted = em.createQuery("select count(c) from Candidate c where c.participantId = ?1 and c.leadProviderId = ?2 "
                + "and c.status = 'accepted'", Long.class).setParameter(1, participant).setParameter(2, lp).getSingleResult();
        if (accepted == 0) throw Problems.notFound();
        return participant;
    }

    static Envelope.Data<Attributes> data(ParticipantOutcome o) {
        // completion_date as the DfE API writes it: the day at midnight UTC in RFC 3339
        return new Envelope.Data<>(o.id.toString(), TYPE, new Attributes(o.state, o.completionDate + "T00:00:00+00:00",
                o.courseIdentifier, o.participantId,
                o.createdAt, o.updatedAt));
    }
}
