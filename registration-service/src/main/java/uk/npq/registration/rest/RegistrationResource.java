package uk.npq.registration.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;
import uk.npq.platform.idempotency.Idempotency;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;
import uk.npq.registration.domain.RegistrationRules;
import uk.npq.registration.service.RegistrationService;
import uk.npq.registration.service.TrnCheck;
import uk.npq.registration.service.TrnChecks;

/** POST /api/v1/registrations: a participant, or a school for one of its staff, submits an application. */
@Path("/api/v1/registrations")
public class RegistrationResource {
    static final String TYPE = "npq-registration";

    @Inject RequestReader reader;
    @Inject RegistrationService registrations;
    @Inject Caller caller;
    @Inject Clock clock;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;
    @Inject Idempotency idempotency;
    @Inject TrnChecks trnChecks;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Registration(UUID participantId, String status, String courseIdentifier, String cohort,
                               UUID leadProviderId, String schoolUrn, String trnVerificationStatus) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.PARTICIPANT, Roles.SCHOOL, Roles.ADMIN})
    public Response register(String body, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        RegistrationRules.Input input = reader.attributes(body, TYPE, RegistrationRules.Input.class);
        var a = input;
        var violations = RegistrationRules.check(input, courses.identifiers(), LocalDate.now(clock));
        if (!violations.isEmpty()) {
            var errors = Problems.errors();
            violations.forEach(v -> errors.add(v.attribute(), v.detail()));
            errors.throwIfAny();
        }
        if (caller.hasRole(Roles.SCHOOL) && !caller.hasRole(Roles.ADMIN)
                && !Objects.equals(caller.schoolUrn().orElse(null), a.schoolUrn())) {
            throw Problems.forbidden("A school may only register its own staff (school_urn must be your school's)");
        }
        var offer = registrations.requireOffer(input);
        // the Teacher Record System is asked before the transaction, never inside it: with an Idempotency-Key the action
        // below runs in the key's transaction, which holds a connection and the key's row lock (a replay asks it in vain)
        TrnCheck check = trnChecks.check(input);
        return idempotency.execute(idempotencyKey, caller.subject(), "POST", "/api/v1/registrations", body, () -> {
            // with a key, twins wait on the key and replay; without one, a twin that lost the race on the
            // one-pending index finds the application the winner made
            RegistrationService.Registered r;
            if (idempotencyKey != null) {
                r = registrations.register(input, check, offer);
            } else {
                try {
                    r = registrations.register(input, check, offer);
                } catch (PersistenceException concurrentTwin) {
                    r = registrations.register(input, check, offer);
                }
            }
            var app = r.application();
            var attributes = new Registration(app.person.id, app.status, app.courseIdentifier, app.cohort,
                    app.leadProviderId, app.schoolUrn, app.person.trnVerificationStatus);
            return Response.status(r.created() ? Response.Status.CREATED : Response.Status.OK)
                    .entity(Envelope.of(app.id.toString(), TYPE, attributes)).build();
        });
    }
}
