package uk.npq.registration.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import uk.npq.platform.csv.Csv;
import uk.npq.platform.idempotency.Idempotency;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.InvalidRows;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;
import uk.npq.registration.domain.Messages;
import uk.npq.registration.repository.Application;
import uk.npq.registration.service.AdminApplications;

/**
 * /api/v1/admin/applications: the admin's transitions of applications (npq-domain.md c1, c2): revert to pending
 * (one, or many from a list or a CSV with an application_id column), reject the pending applications left at the
 * end of a recruitment round as registration_expired, and change a participant's training status. Admin only.
 * Bulk requests follow the platform convention: a refused row refuses the whole request (422 listing every
 * refused row) unless ?on_invalid_rows=skip, which applies the others and reports the refused in the answer.
 */
@Path("/api/v1/admin/applications")
@RolesAllowed(Roles.ADMIN)
public class AdminApplicationResource {
    static final String TYPE = "admin-application";
    static final String REVERT = "application-revert-to-pending";
    static final String REJECT_EXPIRED = "application-reject-expired";
    static final String TRAINING_STATUS = "application-training-status";

    @Inject AdminApplications admin;
    @Inject RequestReader reader;
    @Inject Idempotency idempotency;
    @Inject Caller caller;

    /** An application as an admin sees its workflow (no personal data: the person is named by participant id). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(UUID participantId, UUID leadProviderId, String courseIdentifier, String cohort, String status,
                             String reasonForRejection, String trainingStatus, Boolean fundedPlace, String scheduleIdentifier,
                             Instant acceptedAt, Instant updatedAt) {}

    /** The answer of a bulk action, shaped as funding's reference imports answer: counts, the changed ids, refused rows. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BulkAttributes(String action, int rowsRead, int changed, List<UUID> applicationIds,
                                 List<AdminApplications.Refusal> refused) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IdsAttributes(List<String> applicationIds) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RejectExpiredAttributes(String cohort, String leadProviderId, List<String> applicationIds) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TrainingStatusAttributes(String trainingStatus, String reason) {}

    /** POST /api/v1/admin/applications/{id}/revert-to-pending (c1): no body. */
    @POST
    @Path("/{id}/revert-to-pending")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revert(@PathParam("id") String id, @HeaderParam(Idempotency.HEADER) String key) {
        UUID applicationId = PathIds.uuid(id);
        return idempotency.execute(key, caller.subject(), "POST", "/api/v1/admin/applications/" + applicationId + "/revert-to-pending", "",
                () -> QuarkusTransaction.joiningExisting().call(() -> ok(admin.revertToPending(applicationId))));
    }

    /** POST /api/v1/admin/applications/revert-to-pending with {"data":{"attributes":{"application_ids":[...]}}}. */
    @POST
    @Path("/revert-to-pending")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response revertMany(String body, @QueryParam(InvalidRows.PARAMETER) String onInvalid, @HeaderParam(Idempotency.HEADER) String key) {
        boolean skip = InvalidRows.skip(onInvalid);
        IdsAttributes in = reader.attributes(body, REVERT, IdsAttributes.class);
        List<AdminApplications.Row> rows = items(in.applicationIds());
        return idempotency.execute(key, caller.subject(), "POST", "/api/v1/admin/applications/revert-to-pending?skip=" + skip, body,
                () -> QuarkusTransaction.joiningExisting().call(() -> bulk("revert-to-pending",
                        admin.revertToPending(rows, "application_ids", skip))));
    }

    /** The same from a CSV upload (text/csv) with an application_id column; other columns are ignored. */
    @POST
    @Path("/revert-to-pending")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response revertManyFromFile(byte[] body, @QueryParam(InvalidRows.PARAMETER) String onInvalid,
                                       @HeaderParam(Idempotency.HEADER) String key) {
        boolean skip = InvalidRows.skip(onInvalid);
        if (body == null || body.length == 0) throw Problems.badRequest("The upload is empty: send the file as the request body.");
        String text = Csv.decode(body);
        List<AdminApplications.Row> rows = lines(Csv.parse(text));
        return idempotency.execute(key, caller.subject(), "POST", "/api/v1/admin/applications/revert-to-pending?skip=" + skip, text,
                () -> QuarkusTransaction.joiningExisting().call(() -> bulk("revert-to-pending", admin.revertToPending(rows, "file", skip))));
    }

    /**
     * POST /api/v1/admin/applications/reject-expired: {"cohort": "2026a", "lead_provider_id": optional} rejects every
     * still-pending application of the cohort (of that provider); {"application_ids": [...]} rejects those, each of
     * which must be pending (refuse or skip as above). reason_for_rejection is registration_expired.
     */
    @POST
    @Path("/reject-expired")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response rejectExpired(String body, @QueryParam(InvalidRows.PARAMETER) String onInvalid, @HeaderParam(Idempotency.HEADER) String key) {
        boolean skip = InvalidRows.skip(onInvalid);
        RejectExpiredAttributes in = reader.attributes(body, REJECT_EXPIRED, RejectExpiredAttributes.class);
        boolean byCohort = in.cohort() != null && !in.cohort().isBlank();
        if (byCohort == (in.applicationIds() != null)) throw Problems.unprocessable(byCohort ? "application_ids" : "cohort", Messages.EXPIRE_COHORT_OR_IDS);
        if (!byCohort && in.leadProviderId() != null) throw Problems.unprocessable("lead_provider_id", Messages.EXPIRE_LEAD_PROVIDER_WITH_IDS);
        UUID leadProvider = byCohort ? leadProvider(in.leadProviderId()) : null;
        List<AdminApplications.Row> rows = byCohort ? List.of() : items(in.applicationIds());
        return idempotency.execute(key, caller.subject(), "POST", "/api/v1/admin/applications/reject-expired?skip=" + skip, body,
                () -> QuarkusTransaction.joiningExisting().call(() -> {
                    if (!byCohort) return bulk("reject-expired", admin.rejectExpired(rows, "application_ids", skip));
                    List<Application> rejected = admin.rejectExpired(in.cohort().strip(), leadProvider);
                    return answer(REJECT_EXPIRED, new BulkAttributes("reject-expired", rejected.size(), rejected.size(),
                            rejected.stream().map(a -> a.id).toList(), List.of()));
                }));
    }

    /** PUT /api/v1/admin/applications/{id}/training-status: {"training_status": "active|deferred|withdrawn", "reason": ...} (c2). */
    @PUT
    @Path("/{id}/training-status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response trainingStatus(@PathParam("id") String id, String body) {
        UUID applicationId = PathIds.uuid(id);
        TrainingStatusAttributes in = reader.attributes(body, TRAINING_STATUS, TrainingStatusAttributes.class);
        return QuarkusTransaction.joiningExisting().call(() ->
                ok(admin.changeTrainingStatus(applicationId, in.trainingStatus(), in.reason())));
    }

    // ------------------------------------------------------------------------------------------------
    /** The ids of a JSON list, each numbered from 1 ("item 1") so a refusal names it. */
    static List<AdminApplications.Row> items(List<String> ids) {
        List<AdminApplications.Row> rows = new ArrayList<>();
        if (ids == null) return rows;
        for (int i = 0; i < ids.size(); i++) rows.add(new AdminApplications.Row("item " + (i + 1), i + 1, ids.get(i)));
        return rows;
    }

    /** The application_id of each record of a CSV, named by its line in the file (the header is line 1). */
    static List<AdminApplications.Row> lines(Csv csv) {
        if (!csv.hasColumn("application_id")) throw Problems.unprocessable("file", Messages.NO_APPLICATION_ID_COLUMN);
        return csv.rows().stream().map(r -> new AdminApplications.Row("line " + r.line, r.line, r.get("application_id").orElse(""))).toList();
    }

    static UUID leadProvider(String id) {
        if (id == null || id.isBlank()) return null;
        try {
            UUID uuid = UUID.fromString(id.strip());
            if (id.strip().length() != 36) throw new IllegalArgumentException();
            return uuid;
        } catch (IllegalArgumentException e) {
            throw Problems.unprocessable("lead_provider_id", Messages.LEAD_PROVIDER_ID_INVALID);
        }
    }

    private Response ok(Application a) {
        return Response.ok(Envelope.of(a.id.toString(), TYPE, attributes(a))).header("Cache-Control", "no-store").build();
    }

    private Response bulk(String action, AdminApplications.Outcome o) {
        return answer(action.equals("reject-expired") ? REJECT_EXPIRED : REVERT, new BulkAttributes(action, o.rowsRead(), o.changed().size(),
                o.changed().stream().map(a -> a.id).toList(), o.refused()));
    }

    private static Response answer(String type, BulkAttributes attributes) {
        return Response.ok(Envelope.of(null, type, attributes)).header("Cache-Control", "no-store").build();
    }

    static Attributes attributes(Application a) {
        return new Attributes(a.person.id, a.leadProviderId, a.courseIdentifier, a.cohort, a.status, a.reasonForRejection,
                a.trainingStatus, a.fundedPlace, a.scheduleIdentifier, a.acceptedAt, a.updatedAt);
    }
}
