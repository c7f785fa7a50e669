package uk.npq.engagement.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.engagement.service.Engagements;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/milestones: the milestone date of each declaration type per cohort and schedule (npq-domain.md f4), set by
 * admins as data until funding-service's statements carry them. Derived retained-1 and retained-2 declarations wait
 * for theirs to pass. Only types the schedule allows can have one; a schedule this service has not heard of is a 404.
 */
@Path("/api/v1/milestones")
public class MilestoneResource {
    static final String TYPE = "milestone";

    @Inject EntityManager em;
    @Inject RequestReader reader;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(String cohort, String scheduleIdentifier, String declarationType, LocalDate milestoneDate, Instant updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(String milestoneDate) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.DELIVERY_PARTNER})
    @Transactional
    public ListEnvelope<Attributes> list(@QueryParam("filter[cohort]") String cohort) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT cohort, schedule_identifier, declaration_type, milestone_date, updated_at "
                        + "FROM milestone WHERE (cast(?1 as varchar) IS NULL OR cohort = cast(?1 as varchar)) "
                        + "ORDER BY cohort, schedule_identifier, milestone_date")
                .setParameter(1, cohort == null || cohort.isBlank() ? null : cohort.strip()).getResultList();
        return new ListEnvelope<>(rows.stream().map(r -> data(r).data()).toList());
    }

    @PUT
    @Path("/{cohort}/{schedule}/{declaration_type}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Envelope<Attributes> set(@PathParam("cohort") String cohort, @PathParam("schedule") String schedule,
                                    @PathParam("declaration_type") String type, String body) {
        Input in = reader.attributes(body, TYPE, Input.class);
        List<String> allowed = allowedTypes(cohort, schedule);
        if (!List.of("started", "retained-1", "retained-2", "completed").contains(type)) throw Problems.notFound();
        if (!allowed.contains(type)) throw Problems.unprocessable("declaration_type", DeclarationMessages.TYPE_NOT_IN_SCHEDULE);
        LocalDate date = date(in.milestoneDate());
        em.createNativeQuery("INSERT INTO milestone (cohort, schedule_identifier, declaration_type, milestone_date, updated_at, updated_by) "
                        + "VALUES (?1, ?2, ?3, ?4, now(), ?5) ON CONFLICT (cohort, schedule_identifier, declaration_type) DO UPDATE SET "
                        + "milestone_date = EXCLUDED.milestone_date, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
                .setParameter(1, cohort).setParameter(2, schedule).setParameter(3, type).setParameter(4, date)
                .setParameter(5, caller.subject()).executeUpdate();
        @SuppressWarnings("unchecked")
        List<Object[]> row = em.createNativeQuery("SELECT cohort, schedule_identifier, declaration_type, milestone_date, updated_at "
                + "FROM milestone WHERE cohort = ?1 AND schedule_identifier = ?2 AND declaration_type = ?3")
                .setParameter(1, cohort).setParameter(2, schedule).setParameter(3, type).getResultList();
        return data(row.get(0));
    }

    @DELETE
    @Path("/{cohort}/{schedule}/{declaration_type}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response clear(@PathParam("cohort") String cohort, @PathParam("schedule") String schedule,
                          @PathParam("declaration_type") String type) {
        int removed = em.createNativeQuery("DELETE FROM milestone WHERE cohort = ?1 AND schedule_identifier = ?2 AND declaration_type = ?3")
                .setParameter(1, cohort).setParameter(2, schedule).setParameter(3, type).executeUpdate();
        if (removed == 0) throw Problems.notFound();
        return Response.noContent().build();
    }

    /** The declaration types the schedule allows; 404 when this service has no such schedule. */
    private List<String> allowedTypes(String cohort, String schedule) {
        List<?> rows = em.createNativeQuery("SELECT array_to_string(allowed_declaration_types, ' ') FROM schedule "
                + "WHERE cohort = ?1 AND identifier = ?2").setParameter(1, cohort).setParameter(2, schedule).getResultList();
        if (rows.isEmpty()) throw Problems.notFound();
        return List.of(((String) rows.get(0)).split(" "));
    }

    private static LocalDate date(String text) {
        if (text == null || text.isBlank()) throw Problems.unprocessable("milestone_date", "Enter a '#/milestone_date' (YYYY-MM-DD).");
        try {
            if (text.strip().matches("^\\d{4}-\\d{2}-\\d{2}$")) return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            // falls through to the 422
        }
        throw Problems.unprocessable("milestone_date", "The '#/milestone_date' must be a date as YYYY-MM-DD.");
    }

    private static Envelope<Attributes> data(Object[] r) {
        LocalDate date = Engagements.localDate(r[3]);
        return Envelope.of(r[0] + "/" + r[1] + "/" + r[2], TYPE, new Attributes((String) r[0], (String) r[1], (String) r[2], date,
                Engagements.instant(r[4])));
    }
}
