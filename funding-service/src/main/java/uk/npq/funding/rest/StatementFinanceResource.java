package uk.npq.funding.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.npq.funding.service.Payments;
import uk.npq.funding.service.StatementReports;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/statements: finance's side of payments (c4, i1, i2). Finance authorises payment, changes an open
 * statement's dates and a contract's price from a statement on, and keeps adjustments; finance and admin read a
 * statement's breakdown and its assurance report.
 */
@Path("/api/v1/statements")
public class StatementFinanceResource {
    static final String TYPE = "statement-breakdown";

    @Inject Payments payments;
    @Inject StatementReports reports;
    @Inject RequestReader reader;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Dates(LocalDate deadlineDate, LocalDate paymentDate) {}
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Price(BigDecimal perParticipant) {}
    /** The amount may be a JSON number or a string of one (as the DfE form sends it); the description is text only. */
    public record Adjustment(String description, Object amount) {}

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE})
    public Envelope<Map<String, Object>> breakdown(@PathParam("id") String id) {
        UUID statement = PathIds.uuid(id);
        return Envelope.of(statement.toString(), TYPE, reports.breakdown(statement));
    }

    /** The assurance report: one CSV row per declaration item on the statement, streamed. */
    @GET
    @Path("/{id}/assurance-report")
    @Produces("text/csv")
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE})
    public Response assuranceReport(@PathParam("id") String id) {
        UUID statement = PathIds.uuid(id);
        reports.statement(statement); // 404 before the stream starts
        StreamingOutput body = out -> reports.assuranceReport(statement, out);
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"assurance-report-" + statement + ".csv\"").build();
    }

    /** c4: "authorise for payment", with the DfE's "checks done" confirmation. */
    @POST
    @Path("/{id}/payment-authorisation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Envelope<Map<String, Object>> authorise(@PathParam("id") String id, String body) {
        UUID statement = PathIds.uuid(id);
        AuthorisationBody a = reader.attributes(body, "payment-authorisation", AuthorisationBody.class);
        if (!Boolean.TRUE.equals(a.checksDone())) {
            throw Problems.unprocessable("checks_done",
                    "Confirm all necessary assurance checks have been done before authorising this statement for payment");
        }
        var at = payments.authorisePayment(statement);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", "paid");
        m.put("marked_as_paid_at", at.toString());
        return Envelope.of(statement.toString(), "payment-authorisation", m);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AuthorisationBody(Boolean checksDone) {}

    @PUT
    @Path("/{id}/dates")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Envelope<Map<String, Object>> dates(@PathParam("id") String id, String body) {
        UUID statement = PathIds.uuid(id);
        Dates d = reader.attributes(body, "statement-dates", Dates.class);
        payments.changeDates(statement, d.deadlineDate(), d.paymentDate());
        return Envelope.of(statement.toString(), TYPE, reports.breakdown(statement));
    }

    /** A contract's per_participant from this statement on (copy on write). */
    @PUT
    @Path("/{id}/contracts/{course}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Envelope<Map<String, Object>> price(@PathParam("id") String id, @PathParam("course") String course, String body) {
        UUID statement = PathIds.uuid(id);
        Price p = reader.attributes(body, "contract-price", Price.class);
        int changed = payments.changePerParticipant(statement, course, p.perParticipant());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("course_identifier", course);
        m.put("per_participant", p.perParticipant().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
        m.put("statements_changed", changed);
        return Envelope.of(statement.toString(), "contract-price", m);
    }

    @POST
    @Path("/{id}/adjustments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Response addAdjustment(@PathParam("id") String id, String body) {
        UUID statement = PathIds.uuid(id);
        Adjustment a = reader.attributes(body, "adjustment", Adjustment.class);
        UUID created = payments.addAdjustment(statement, a.description(), text(a.amount()));
        return Response.status(Response.Status.CREATED).entity(adjustment(statement, created)).build();
    }

    @PUT
    @Path("/{id}/adjustments/{adjustment}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.FINANCE)
    public Envelope<Map<String, Object>> changeAdjustment(@PathParam("id") String id, @PathParam("adjustment") String adjustmentId, String body) {
        UUID statement = PathIds.uuid(id), adjustment = PathIds.uuid(adjustmentId);
        Adjustment a = reader.attributes(body, "adjustment", Adjustment.class);
        payments.changeAdjustment(statement, adjustment, a.description(), text(a.amount()));
        return adjustment(statement, adjustment);
    }

    @DELETE
    @Path("/{id}/adjustments/{adjustment}")
    @RolesAllowed(Roles.FINANCE)
    public Response removeAdjustment(@PathParam("id") String id, @PathParam("adjustment") String adjustmentId) {
        payments.removeAdjustment(PathIds.uuid(id), PathIds.uuid(adjustmentId));
        return Response.noContent().build();
    }

    /** The nightly open -> payable move, now (the same once-only move; for operations after an outage). */
    @POST
    @Path("/mark-payable")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE})
    public Envelope<Map<String, Object>> markPayable() {
        List<UUID> moved = payments.markPayable();
        return Envelope.of(null, "statements-marked-payable", Map.of("statement_ids", moved.stream().map(UUID::toString).toList()));
    }

    private Envelope<Map<String, Object>> adjustment(UUID statement, UUID adjustment) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) reports.breakdown(statement).get("adjustments");
        return Envelope.of(adjustment.toString(), "adjustment", all.stream().filter(a -> adjustment.toString().equals(a.get("id")))
                .findFirst().orElseThrow(Problems::notFound));
    }

    /** An amount may come as a JSON number or a string; either way its exact decimal text. */
    private static String text(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return s;
        if (value instanceof Number n) return new BigDecimal(n.toString()).toPlainString();
        throw Problems.unprocessable("amount", "You can only enter numeric values in the adjustment amount field");
    }
}
