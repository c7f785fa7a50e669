package uk.npq.assessment.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import uk.npq.assessment.domain.AssessmentRules;
import uk.npq.assessment.repository.Candidates;
import uk.npq.assessment.repository.Submission;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.assessment.service.Marking;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/submissions: attempts as their readers see them (lead provider side: its own; a participant: theirs; a hub:
 * its participants'), and marking (marker), moderation (moderator) and appeals (lead provider), each within the
 * caller's lead provider. A submission the caller may not see is a 404.
 */
@Path("/api/v1/submissions")
public class SubmissionResource {
    static final String TYPE = SubmissionViews.TYPE;

    @Inject SubmissionRepository submissions;
    @Inject Candidates candidates;
    @Inject SubmissionViews views;
    @Inject Marking marking;
    @Inject RequestReader reader;
    @Inject Readers readers;
    @Inject Caller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.LEAD_PROVIDER, Roles.MARKER, Roles.MODERATOR, Roles.PARTICIPANT, Roles.DELIVERY_PARTNER})
    @Transactional
    public ListEnvelope<SubmissionViews.Attributes> list(@QueryParam("filter[window_id]") String window,
                                                        @QueryParam("filter[participant_id]") String participant) {
        return new ListEnvelope<>(candidates.submissions(readers.reader(), Readers.filterId("window_id", window),
                Readers.filterId("participant_id", participant)).stream().map(views::data).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.LEAD_PROVIDER, Roles.MARKER, Roles.MODERATOR, Roles.PARTICIPANT, Roles.DELIVERY_PARTNER})
    @Transactional
    public Envelope<SubmissionViews.Attributes> get(@PathParam("id") String id) {
        return views.view(visible(id));
    }

    public record MarkInput(String result, String comments, java.util.List<AssessmentRules.Judgement> criteria) {}

    @POST
    @Path("/{id}/mark")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MARKER)
    @Transactional
    public Envelope<SubmissionViews.Attributes> mark(@PathParam("id") String id, String body) {
        MarkInput in = reader.attributes(body, "mark", MarkInput.class);
        Submission s = visible(id);
        return views.view(marking.mark(s, new AssessmentRules.MarkInput(in.result(), in.comments(), in.criteria()), caller.subject()));
    }

    @POST
    @Path("/{id}/moderation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MODERATOR)
    @Transactional
    public Envelope<SubmissionViews.Attributes> moderate(@PathParam("id") String id, String body) {
        AssessmentRules.ModerationInput in = reader.attributes(body, "moderation", AssessmentRules.ModerationInput.class);
        Submission s = visible(id);
        return views.view(marking.moderate(s, in, caller.subject()));
    }

    @POST
    @Path("/{id}/appeals")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response appeal(@PathParam("id") String id, String body) {
        AssessmentRules.AppealInput in = reader.attributes(body, "appeal", AssessmentRules.AppealInput.class);
        Submission s = visible(id);
        marking.appeal(s, in, caller.subject());
        return Response.status(Response.Status.CREATED).entity(views.view(s)).build();
    }

    /** The submission, when the caller may see it. */
    private Submission visible(String id) {
        return readers.visible(id, submissions::findById, s -> s.leadProviderId, (r, s) -> candidates.readerOf(r, s.applicationId));
    }
}
