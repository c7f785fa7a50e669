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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import uk.npq.engagement.domain.SessionRules;
import uk.npq.engagement.domain.Thresholds;
import uk.npq.engagement.service.Engagements;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/engagement-thresholds: the completion threshold per course and cohort (default
 * npq.engagement.default-threshold, 90). Admins set and clear them; lead providers and hubs read them. A change
 * recalculates every engagement of the course and cohort and publishes those that change.
 */
@Path("/api/v1/engagement-thresholds")
public class ThresholdResource {
    static final String TYPE = "engagement-threshold";

    @Inject EntityManager em;
    @Inject Engagements engagements;
    @Inject RequestReader reader;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(String courseIdentifier, String cohort, BigDecimal thresholdPercent, String source, Instant updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(BigDecimal thresholdPercent) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.DELIVERY_PARTNER})
    @Transactional
    public ListEnvelope<Attributes> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT course_identifier, cohort FROM engagement_threshold "
                + "ORDER BY cohort, course_identifier").getResultList();
        return new ListEnvelope<>(rows.stream().map(r -> data((String) r[0], (String) r[1]).data()).toList());
    }

    @GET
    @Path("/{course}/{cohort}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.DELIVERY_PARTNER})
    @Transactional
    public Envelope<Attributes> get(@PathParam("course") String course, @PathParam("cohort") String cohort) {
        known(course, cohort);
        return data(course, cohort);
    }

    @PUT
    @Path("/{course}/{cohort}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Envelope<Attributes> set(@PathParam("course") String course, @PathParam("cohort") String cohort, String body) {
        Input in = reader.attributes(body, TYPE, Input.class);
        known(course, cohort);
        if (in.thresholdPercent() == null) throw Problems.unprocessable("threshold_percent", "Enter a '#/threshold_percent' value.");
        if (!Thresholds.valid(in.thresholdPercent())) {
            throw Problems.unprocessable("threshold_percent",
                    "The '#/threshold_percent' must be more than 0 and at most 100, with at most two decimal places.");
        }
        em.createNativeQuery("INSERT INTO engagement_threshold (course_identifier, cohort, threshold_percent, updated_at, updated_by) "
                        + "VALUES (?1, ?2, ?3, now(), ?4) ON CONFLICT (course_identifier, cohort) DO UPDATE SET "
                        + "threshold_percent = EXCLUDED.threshold_percent, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
                .setParameter(1, course).setParameter(2, cohort).setParameter(3, Thresholds.normalise(in.thresholdPercent()))
                .setParameter(4, caller.subject()).executeUpdate();
        engagements.refreshCourse(course, cohort);
        return data(course, cohort);
    }

    @DELETE
    @Path("/{course}/{cohort}")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Response clear(@PathParam("course") String course, @PathParam("cohort") String cohort) {
        known(course, cohort);
        int removed = em.createNativeQuery("DELETE FROM engagement_threshold WHERE course_identifier = ?1 AND cohort = ?2")
                .setParameter(1, course).setParameter(2, cohort).executeUpdate();
        if (removed == 0) throw Problems.notFound();
        engagements.refreshCourse(course, cohort);
        return Response.noContent().build();
    }

    private Envelope<Attributes> data(String course, String cohort) {
        var t = engagements.threshold(course, cohort);
        return Envelope.of(course + "/" + cohort, TYPE, new Attributes(course, cohort, t.percent(), t.set() ? "set" : "default", t.updatedAt()));
    }

    private static void known(String course, String cohort) {
        if (!SessionRules.COURSES.contains(course) || !SessionRules.COHORT.matcher(cohort).matches()) throw Problems.notFound();
    }
}
