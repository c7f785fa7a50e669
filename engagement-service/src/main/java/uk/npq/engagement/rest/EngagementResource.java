package uk.npq.engagement.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import uk.npq.engagement.domain.Measure;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.engagement.repository.EnrolmentHub;
import uk.npq.engagement.service.Engagements;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * GET /api/v1/participants/{id}/engagement: the participant's engagement on each course they are accepted on,
 * calculated now, for whoever may see that enrolment: its lead provider, the participant's hub of record, the
 * participant's school (school_urn), the participant themselves (participant_id), and admins. A participant
 * with no enrolment the caller may see is a 404.
 */
@Path("/api/v1/participants/{id}/engagement")
public class EngagementResource {
    static final String TYPE = "participant-engagement";

    @Inject EntityManager em;
    @Inject Engagements engagements;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(UUID participantId, String courseIdentifier, String cohort, UUID leadProviderId,
                             UUID deliveryPartnerId, String trainingStatus, BigDecimal thresholdPercent,
                             BigDecimal percentToDate, BigDecimal percentOfCourse, boolean meetsThreshold, boolean atRisk,
                             MeasureView live, MeasureView selfStudy, Instant calculatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MeasureView(String unit, long attended, long requiredToDate, long courseTotal, BigDecimal percentToDate,
                              BigDecimal percentOfCourse, boolean meetsThreshold, boolean atRisk) {
        static MeasureView of(String unit, Measure m, BigDecimal threshold) {
            return new MeasureView(unit, m.attended(), m.requiredToDate(), m.total(), m.percentToDate(), m.percentOfCourse(),
                    m.meets(threshold), m.outOfReach(threshold));
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.LEAD_PROVIDER, Roles.DELIVERY_PARTNER, Roles.SCHOOL, Roles.PARTICIPANT, Roles.ADMIN})
    @Transactional
    public ListEnvelope<Attributes> get(@PathParam("id") String id) {
        UUID participant = PathIds.uuid(id);
        List<Enrolment> visible = em.createQuery("SELECT e FROM Enrolment e WHERE e.participantId = ?1 AND e.status = 'accepted' "
                        + "ORDER BY e.courseIdentifier, e.cohort, e.applicationId", Enrolment.class)
                .setParameter(1, participant).getResultList().stream().filter(this::mayRead).toList();
        if (visible.isEmpty()) throw Problems.notFound();
        Instant now = Instant.now();
        return new ListEnvelope<>(visible.stream().map(en -> {
            var r = engagements.calculate(en, now);
            var e = r.engagement();
            return new Envelope.Data<>(en.applicationId.toString(), TYPE, new Attributes(en.participantId, en.courseIdentifier,
                    en.cohort, en.leadProviderId, r.hub(), en.trainingStatus, e.threshold(), e.percentToDate(), e.percentOfCourse(),
                    e.meetsThreshold(), e.atRisk(), MeasureView.of("minutes", e.live(), e.threshold()),
                    MeasureView.of("units", e.selfStudy(), e.threshold()), now));
        }).toList());
    }

    /** Whether any of the caller's roles lets it read this enrolment's engagement. */
    private boolean mayRead(Enrolment en) {
        if (caller.hasRole(Roles.ADMIN)) return true;
        if (caller.hasRole(Roles.LEAD_PROVIDER) && caller.leadProviderId().map(en.leadProviderId::equals).orElse(false)) return true;
        if (caller.hasRole(Roles.SCHOOL) && en.schoolUrn != null && caller.schoolUrn().map(en.schoolUrn::equals).orElse(false)) return true;
        if (caller.hasRole(Roles.PARTICIPANT) && caller.participantId().map(en.participantId::equals).orElse(false)) return true;
        if (caller.hasRole(Roles.DELIVERY_PARTNER) && caller.deliveryPartnerId().isPresent()) {
            EnrolmentHub hub = em.find(EnrolmentHub.class, en.applicationId);
            return hub != null && hub.deliveryPartnerId.equals(caller.deliveryPartnerId().get())
                    && caller.leadProviderId().map(lp -> Objects.equals(lp, en.leadProviderId)).orElse(true);
        }
        return false;
    }
}
