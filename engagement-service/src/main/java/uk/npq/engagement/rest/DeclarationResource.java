package uk.npq.engagement.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import uk.npq.engagement.repository.Declaration;
import uk.npq.engagement.domain.DeclarationRequest;
import uk.npq.engagement.service.DeclarationService;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.idempotency.Idempotency;
import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.persistence.ReadOnly;
import uk.npq.platform.problem.Problems;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * DfE lead-provider API v3: participant-declarations. A provider sees and changes only its own declarations;
 * acting on another provider's is 403, reading it 404.
 */
@Path("/api/v3/participant-declarations")
public class DeclarationResource {
    static final String TYPE = "participant-declaration";

    @Inject DeclarationService declarations;
    @Inject RequestReader reader;
    @Inject Idempotency idempotency;
    @Inject EntityManager em;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Request(String participantId, String declarationType, String declarationDate, String courseIdentifier,
                          Object hasPassed, String deliveryPartnerId, String secondaryDeliveryPartnerId) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ChangeDeliveryPartner(String deliveryPartnerId, String secondaryDeliveryPartnerId) {}

    /** The DfE v3 declaration attributes (npq-domain.md g3); state dasherised as the DfE API emits it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(UUID participantId, String declarationType, String courseIdentifier, Instant declarationDate,
                             String state, Boolean hasPassed, UUID statementId, UUID clawbackStatementId, boolean upliftPaid,
                             String leadProviderName, String ineligibleForFundingReason, Instant createdAt,
                             UUID deliveryPartnerId, String deliveryPartnerName, UUID secondaryDeliveryPartnerId,
                             String secondaryDeliveryPartnerName, UUID applicationId, Instant updatedAt) {}

    /**
     * POST: f5 in order. A byte-identical retry answers with the declaration the first request made (header
     * Idempotent-Replayed: true) rather than a 422; an Idempotency-Key replays the first answer whatever it was.
     */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response submit(String body, @HeaderParam(Idempotency.HEADER) String key) {
        UUID lp = caller.requireLeadProvider();
        Request r = reader.attributes(body, TYPE, Request.class);
        // has_passed may be a JSON boolean or the string "true"/"false" (as the DfE API takes it); no other JSON type
        if (r.hasPassed() != null && !(r.hasPassed() instanceof Boolean) && !(r.hasPassed() instanceof String)) {
            throw Problems.unprocessable("has_passed", DeclarationMessages.HAS_PASSED);
        }
        var submission = new DeclarationRequest(r.participantId(), r.declarationType(), r.declarationDate(),
                r.courseIdentifier(), r.hasPassed(), r.deliveryPartnerId(), r.secondaryDeliveryPartnerId());
        return idempotency.execute(key, caller.subject(), "POST", "/api/v3/participant-declarations", body, () ->
                QuarkusTransaction.joiningExisting().call(() -> {
                    var result = declarations.submit(lp, submission, digest(body), false);
                    // 200 as the DfE API answers a new declaration; a retry says it is one
                    var response = Response.ok(result.created() ? envelope(result) : envelope(result.declaration()))
                            .header("Cache-Control", "no-store");
                    if (!result.created()) response.header("Idempotent-Replayed", "true");
                    return response.build();
                }));
    }

    /**
     * GET: filter[participant_id], filter[updated_since], filter[cohort] (the declaration's cohort), page; with page[cursor]
     * (empty for the start) the provider's change feed (platform ChangeFeed): in commit order, each page's X-Next-Cursor
     * the place to continue from, so a sync neither skips nor repeats a change while transactions commit in any order.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response list(@Context UriInfo uri) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        UUID lp = caller.requireLeadProvider();
        if (q.cursor().isPresent()) return feed(uri, q, lp);
        ReadOnly.transaction(em);
        StringBuilder where = new StringBuilder("d.leadProviderId = :lp");
        Map<String, Object> params = new HashMap<>();
        params.put("lp", lp);
        if (!q.participantIds().isEmpty()) { where.append(" and d.participantId in :participants"); params.put("participants", q.participantIds()); }
        if (!q.cohortYears().isEmpty()) { where.append(" and substring(d.cohort, 1, 4) in :years"); params.put("years", q.cohortYears()); }
        q.updatedSince().ifPresent(since -> { where.append(" and d.updatedAt >= :since"); params.put("since", since); });
        var query = em.createQuery("from Declaration d where " + where + " order by d.createdAt, d.id", Declaration.class);
        params.forEach(query::setParameter);
        long first = (q.page() - 1L) * q.perPage();
        List<Declaration> page = first > Integer.MAX_VALUE ? List.of()
                : query.setFirstResult((int) first).setMaxResults(q.perPage()).getResultList();
        return ListQuery.withNextCursor(Response.ok(new ListEnvelope<>(data(page))), uri, q, page.size(), null);
    }

    /** A page of the provider's declaration feed after the cursor, with the same filters; a declaration moves on each change. */
    Response feed(UriInfo uri, ListQuery q, UUID lp) {
        ChangeFeed.readTransaction(em);
        StringBuilder where = new StringBuilder("t.lead_provider_id = :lp");
        Map<String, Object> params = new HashMap<>();
        params.put("lp", lp);
        if (!q.participantIds().isEmpty()) { where.append(" AND t.participant_id IN (:participants)"); params.put("participants", q.participantIds()); }
        if (!q.cohortYears().isEmpty()) { where.append(" AND substring(t.cohort, 1, 4) IN (:years)"); params.put("years", q.cohortYears()); }
        q.updatedSince().ifPresent(since -> {
            where.append(" AND t.updated_at >= :since");
            params.put("since", java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
        });
        List<Object[]> rows = ChangeFeed.rows(em, "declaration", FEED_COLUMNS, where.toString(), params, q.cursor().orElseThrow(), q.perPage());
        List<Declaration> page = rows.stream().map(DeclarationResource::fromFeedRow).toList();
        return ListQuery.withNextCursor(Response.ok(new ListEnvelope<>(data(page))), uri, q, rows.size(),
                rows.isEmpty() ? null : ChangeFeed.position(rows.get(rows.size() - 1)));
    }

    /** The columns a feed page reads with each row's position (what {@link #data} shows), in {@link #fromFeedRow}'s order. */
    static final String FEED_COLUMNS = "t.application_id, t.participant_id, t.lead_provider_id, t.course_identifier, t.declaration_type, "
            + "t.declaration_date, t.state, t.state_reason, t.delivery_partner_id, t.secondary_delivery_partner_id, t.has_passed, "
            + "t.statement_id, t.clawback_statement_id, t.created_at, t.updated_at";

    /**
     * A feed row's values as a detached Declaration (never managed: no persistence context, no snapshot), so a feed page
     * and every other answer are shown by the same {@link #data} and cannot differ in shape.
     */
    static Declaration fromFeedRow(Object[] r) {
        Declaration d = new Declaration();
        d.id = (UUID) r[1];
        d.applicationId = (UUID) r[2];
        d.participantId = (UUID) r[3];
        d.leadProviderId = (UUID) r[4];
        d.courseIdentifier = (String) r[5];
        d.declarationType = (String) r[6];
        d.declarationDate = ChangeFeed.instant(r[7]);
        d.state = (String) r[8];
        d.stateReason = (String) r[9];
        d.deliveryPartnerId = (UUID) r[10];
        d.secondaryDeliveryPartnerId = (UUID) r[11];
        d.hasPassed = (Boolean) r[12];
        d.statementId = (UUID) r[13];
        d.clawbackStatementId = (UUID) r[14];
        d.createdAt = ChangeFeed.instant(r[15]);
        d.updatedAt = ChangeFeed.instant(r[16]);
        return d;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response get(@PathParam("id") String id) {
        ReadOnly.transaction(em);
        Declaration d = em.find(Declaration.class, PathIds.uuid(id));
        if (d == null || !d.leadProviderId.equals(caller.requireLeadProvider())) throw Problems.notFound();
        return Response.ok(envelope(d)).header("Cache-Control", "no-store").build();
    }

    @PUT
    @Path("/{id}/void")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response voidDeclaration(@PathParam("id") String id) {
        UUID lp = caller.requireLeadProvider();
        UUID declaration = PathIds.uuid(id);
        return QuarkusTransaction.joiningExisting().call(() ->
                Response.ok(envelope(declarations.voidDeclaration(lp, declaration))).header("Cache-Control", "no-store").build());
    }

    @PUT
    @Path("/{id}/change-delivery-partner")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response changeDeliveryPartner(@PathParam("id") String id, String body) {
        UUID lp = caller.requireLeadProvider();
        UUID declaration = PathIds.uuid(id);
        ChangeDeliveryPartner in = reader.attributes(body, TYPE, ChangeDeliveryPartner.class);
        return QuarkusTransaction.joiningExisting().call(() -> Response.ok(envelope(declarations.changeDeliveryPartner(lp, declaration,
                in.deliveryPartnerId(), in.secondaryDeliveryPartnerId()))).header("Cache-Control", "no-store").build());
    }

    // ------------------------------------------------------------------------------------------------
    Envelope<Attributes> envelope(Declaration d) {
        return new Envelope<>(data(List.of(d)).get(0));
    }

    /** A declaration just made, with the names read with its facts: no query (a new declaration is not paid, so no uplift). */
    Envelope<Attributes> envelope(DeclarationService.Submitted made) {
        Declaration d = made.declaration();
        if (upliftable(d)) return envelope(d);
        return new Envelope<>(data(d, made.leadProviderName(), false, made.deliveryPartnerNames()));
    }

    /** The declarations as the API shows them: the names and uplifts of a whole page in one query each, none per row. */
    List<Envelope.Data<Attributes>> data(List<Declaration> declarations) {
        Map<UUID, String> providers = leadProviderNames(declarations.stream().map(d -> d.leadProviderId).distinct().toList());
        Map<UUID, String> partners = deliveryPartnerNames(declarations.stream()
                .flatMap(d -> java.util.stream.Stream.of(d.deliveryPartnerId, d.secondaryDeliveryPartnerId))
                .filter(java.util.Objects::nonNull).distinct().toList());
        Set<UUID> uplifted = targetedDeliveryFunding(declarations);
        return declarations.stream().map(d -> data(d, providers.get(d.leadProviderId), uplifted.contains(d.applicationId), partners))
                .toList();
    }

    /** The applications among these declarations' that funding-service found eligible for targeted delivery funding. */
    Set<UUID> targetedDeliveryFunding(List<Declaration> declarations) {
        List<UUID> ids = declarations.stream().filter(DeclarationResource::upliftable).map(d -> d.applicationId).distinct().toList();
        if (ids.isEmpty()) return Set.of();
        @SuppressWarnings("unchecked")
        List<UUID> rows = em.createNativeQuery("SELECT application_id FROM enrolment WHERE targeted_delivery_funding_eligibility "
                + "AND application_id IN (:ids)").setParameter("ids", ids).getResultList();
        return new HashSet<>(rows);
    }

    /**
     * The DfE's uplift_paid, but for the application's targeted delivery funding: a started declaration, paid (or paid and
     * then awaiting or past clawback), of a course other than the additional support offer and early headship coaching.
     */
    static boolean upliftable(Declaration d) {
        return "started".equals(d.declarationType) && UPLIFT_PAID_STATES.contains(d.state)
                && !NO_UPLIFT_COURSES.contains(d.courseIdentifier);
    }

    static final Set<String> UPLIFT_PAID_STATES = Set.of("paid", "awaiting_clawback", "clawed_back");
    static final Set<String> NO_UPLIFT_COURSES = Set.of("npq-additional-support-offer", "npq-early-headship-coaching-offer");

    /** funding-service's names of the lead providers (the DfE's lead_provider_name), one query for a page. */
    Map<UUID, String> leadProviderNames(List<UUID> ids) {
        return names("lead_provider", ids);
    }

    /** The delivery partners' names (registration's, copied to delivery_partner), one query for a page. */
    Map<UUID, String> deliveryPartnerNames(List<UUID> ids) {
        return names("delivery_partner", ids);
    }

    private Map<UUID, String> names(String table, List<UUID> ids) {
        if (ids.isEmpty()) return new HashMap<>(); // get(null) answers null (an immutable empty map would throw)
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, name FROM " + table + " WHERE id IN (:ids)").setParameter("ids", ids)
                .getResultList();
        Map<UUID, String> names = new HashMap<>();
        for (Object[] r : rows) names.put((UUID) r[0], (String) r[1]);
        return names;
    }

    Envelope.Data<Attributes> data(Declaration d, String leadProviderName, boolean targetedDeliveryFunding, Map<UUID, String> partners) {
        String reason = "ineligible".equals(d.state) && "duplicate".equals(d.stateReason) ? "duplicate_declaration"
                : "ineligible".equals(d.state) ? d.stateReason : null;
        return new Envelope.Data<>(d.id.toString(), TYPE, new Attributes(d.participantId, d.declarationType, d.courseIdentifier,
                d.declarationDate, d.state.replace('_', '-'), d.hasPassed, d.statementId, d.clawbackStatementId,
                targetedDeliveryFunding && upliftable(d), leadProviderName, reason,
                d.createdAt, d.deliveryPartnerId, partners.get(d.deliveryPartnerId), d.secondaryDeliveryPartnerId,
                partners.get(d.secondaryDeliveryPartnerId), d.applicationId, d.updatedAt));
    }

    /** The exact bytes of a request, as a retry would send them again. */
    static String digest(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
