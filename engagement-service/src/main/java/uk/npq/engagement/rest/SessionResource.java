package uk.npq.engagement.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.npq.engagement.repository.Session;
import uk.npq.engagement.repository.SessionRepository;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/** /api/v1/sessions: a hub sees the sessions it runs; a lead provider those run for it. */
@Path("/api/v1/sessions")
public class SessionResource {
    static final String TYPE = "session";

    @Inject SessionRepository sessions;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(UUID leadProviderId, UUID deliveryPartnerId, String courseIdentifier, String cohort,
                             String kind, String title, Instant scheduledAt, int weight) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DELIVERY_PARTNER, Roles.LEAD_PROVIDER})
    @Transactional
    public ListEnvelope<Attributes> list() {
        List<Session> found;
        if (caller.hasRole(Roles.DELIVERY_PARTNER)) {
            found = sessions.forDeliveryPartner(caller.deliveryPartnerId()
                    .orElseThrow(() -> Problems.forbidden("Your token names no delivery partner")));
        } else {
            found = sessions.forLeadProvider(caller.requireLeadProvider());
        }
        return new ListEnvelope<>(found.stream().map(s -> new Envelope.Data<>(s.id.toString(), TYPE,
                new Attributes(s.leadProviderId, s.deliveryPartnerId, s.courseIdentifier, s.cohort, s.kind, s.title,
                        s.scheduledAt, s.weight))).toList());
    }
}
