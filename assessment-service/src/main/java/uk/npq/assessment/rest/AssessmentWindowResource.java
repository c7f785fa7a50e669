package uk.npq.assessment.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.UUID;
import uk.npq.assessment.repository.AssessmentWindowRepository;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/** /api/v1/assessment-windows: a lead provider sees the windows it published. */
@Path("/api/v1/assessment-windows")
public class AssessmentWindowResource {
    static final String TYPE = "assessment-window";

    @Inject AssessmentWindowRepository windows;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(UUID leadProviderId, String courseIdentifier, String cohort, LocalDate firstDay,
                             LocalDate lastDay, int wordLimit) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public ListEnvelope<Attributes> list() {
        return new ListEnvelope<>(windows.forLeadProvider(caller.requireLeadProvider()).stream()
                .map(w -> new Envelope.Data<>(w.id.toString(), TYPE, new Attributes(w.leadProviderId,
                        w.courseIdentifier, w.cohort, w.firstDay, w.firstDay.plusDays(7), w.wordLimit)))
                .toList());
    }
}
