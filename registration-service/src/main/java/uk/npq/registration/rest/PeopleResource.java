package uk.npq.registration.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Roles;
import uk.npq.registration.repository.Person;
import uk.npq.registration.service.PeopleService;

/** Admin: merge two person records that hold the same TRN (c6). The retired id then answers 410 Gone. */
@Path("/api/v1/people")
public class PeopleResource {
    @Inject PeopleService people;
    @Inject RequestReader reader;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MergeAttributes(UUID into) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Merged(UUID participantId, UUID retiredParticipantId, boolean teacherReferenceNumberValidated) {}

    @POST
    @Path("/{id}/merge")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Envelope<Merged> merge(@PathParam("id") String id, String body) {
        UUID from = PathIds.uuid(id);
        MergeAttributes in = reader.attributes(body, "participant-merge", MergeAttributes.class);
        if (in.into() == null) throw Problems.unprocessable("into", "Enter the participant id to merge '#/into'.");
        Person survivor = people.merge(from, in.into());
        return Envelope.of(survivor.id.toString(), "participant-merge", new Merged(survivor.id, from, survivor.trnVerified));
    }
}
