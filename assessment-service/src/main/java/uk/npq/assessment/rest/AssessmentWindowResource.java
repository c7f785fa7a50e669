package uk.npq.assessment.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;
import uk.npq.assessment.domain.AssessmentRules;
import uk.npq.assessment.domain.Window;
import uk.npq.assessment.repository.AssessmentWindow;
import uk.npq.assessment.repository.AssessmentWindowRepository;
import uk.npq.assessment.repository.Candidates;
import uk.npq.assessment.repository.Extension;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.assessment.service.Sittings;
import uk.npq.assessment.service.Windows;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/assessment-windows: a lead provider publishes its windows; it, its markers and moderators read them, and so
 * do the participants accepted on the window's course and cohort, their hubs and their schools. Participants and
 * hubs submit to a window; lead providers grant extensions. A window the caller may not see is a 404.
 */
@Path("/api/v1/assessment-windows")
public class AssessmentWindowResource {
    static final String TYPE = "assessment-window";

    @Inject AssessmentWindowRepository windows;
    @Inject SubmissionRepository submissions;
    @Inject Candidates candidates;
    @Inject Windows service;
    @Inject Sittings sittings;
    @Inject RequestReader reader;
    @Inject Readers readers;
    @Inject Caller caller;
    @Inject Clock clock;
    @Inject SubmissionViews submissionView;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CriterionView(int criterion, String kind, String statement) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(UUID leadProviderId, String courseIdentifier, String cohort, LocalDate firstDay,
                             LocalDate lastDay, OffsetDateTime opensAt, OffsetDateTime closesAt, String status, int wordLimit,
                             List<CriterionView> criteria, Instant createdAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(String courseIdentifier, String cohort, LocalDate firstDay, Integer wordLimit,
                        List<AssessmentRules.Criterion> criteria) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SubmissionInput(UUID participantId, String text, String documentReference, Integer declaredWordCount) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ExtensionInput(UUID participantId, String reason, LocalDate deadline) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ExtensionAttributes(UUID windowId, UUID participantId, UUID applicationId, String reason, LocalDate deadline,
                                      OffsetDateTime closesAt, String grantedBy, Instant grantedAt) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.LEAD_PROVIDER, Roles.MARKER, Roles.MODERATOR, Roles.PARTICIPANT, Roles.DELIVERY_PARTNER, Roles.SCHOOL})
    @Transactional
    public ListEnvelope<Attributes> list(@QueryParam("filter[course_identifier]") String course, @QueryParam("filter[cohort]") String cohort) {
        return new ListEnvelope<>(candidates.windows(readers.reader(), blankToNull(course), blankToNull(cohort)).stream()
                .map(this::data).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.LEAD_PROVIDER, Roles.MARKER, Roles.MODERATOR, Roles.PARTICIPANT, Roles.DELIVERY_PARTNER, Roles.SCHOOL})
    @Transactional
    public Envelope<Attributes> get(@PathParam("id") String id) {
        return new Envelope<>(data(visible(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response publish(String body) {
        Input in = reader.attributes(body, TYPE, Input.class);
        AssessmentWindow w = service.publish(new AssessmentRules.WindowInput(in.courseIdentifier(),
                courses.course(in.courseIdentifier()).map(c -> c.hasOutcomes()).orElse(null), in.cohort(), in.firstDay(),
                in.wordLimit(), in.criteria()), caller.requireLeadProvider(), caller.subject());
        return Response.status(Response.Status.CREATED).entity(new Envelope<>(data(w))).build();
    }

    /** The participant (participant_id claim) or their hub (naming participant_id) submits; 201 first, 200 replacing. */
    @POST
    @Path("/{id}/submissions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.PARTICIPANT, Roles.DELIVERY_PARTNER})
    @Transactional
    public Response submit(@PathParam("id") String id, String body) {
        SubmissionInput in = reader.attributes(body, SubmissionResource.TYPE, SubmissionInput.class);
        AssessmentWindow w = visible(id);
        boolean participant = caller.hasRole(Roles.PARTICIPANT);
        UUID who = participant ? readers.participant() : in.participantId();
        if (participant && in.participantId() != null && !in.participantId().equals(who)) {
            throw Problems.unprocessable("participant_id", "A participant submits only their own work: leave '#/participant_id' out.");
        }
        if (who == null) throw Problems.unprocessable("participant_id", "Enter the '#/participant_id' you submit for.");
        Candidates.Facts c = candidates.forWindow(who, w).filter(f -> participant
                || readers.hub().equals(f.deliveryPartnerId())).orElseThrow(() -> Problems.unprocessable("participant_id",
                "The '#/participant_id' is not one of your participants on this window's course and cohort."));
        var done = sittings.submit(w, c, new AssessmentRules.SubmissionInput(in.text(), in.documentReference(), in.declaredWordCount()),
                participant ? Roles.PARTICIPANT : Roles.DELIVERY_PARTNER, caller.subject());
        return Response.status(done.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(submissionView.view(done.submission())).build();
    }

    @POST
    @Path("/{id}/extensions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response extend(@PathParam("id") String id, String body) {
        ExtensionInput in = reader.attributes(body, "extension", ExtensionInput.class);
        AssessmentWindow w = visible(id);
        if (in.participantId() == null) throw Problems.unprocessable("participant_id", "Enter the '#/participant_id' of the candidate.");
        Candidates.Facts c = candidates.forWindow(in.participantId(), w).filter(f -> "accepted".equals(f.status()))
                .orElseThrow(() -> Problems.unprocessable("participant_id",
                        "The '#/participant_id' is not accepted on this window's course and cohort with you."));
        Extension e = sittings.extend(w, c, new Sittings.ExtensionInput(in.reason(), in.deadline()), caller.subject());
        return Response.status(Response.Status.CREATED).entity(Envelope.of(e.id.toString(), "extension", extension(e, c.participantId())))
                .build();
    }

    @GET
    @Path("/{id}/extensions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public ListEnvelope<ExtensionAttributes> extensions(@PathParam("id") String id) {
        AssessmentWindow w = visible(id);
        return new ListEnvelope<>(submissions.extensions(w.id).stream().map(e -> new Envelope.Data<>(e.id.toString(), "extension",
                extension(e, candidates.byApplication(e.applicationId).map(Candidates.Facts::participantId).orElse(null)))).toList());
    }

    private ExtensionAttributes extension(Extension e, UUID participant) {
        return new ExtensionAttributes(e.windowId, participant, e.applicationId, e.reason, e.deadline, london(Window.lastMinute(e.deadline)),
                e.grantedBy, e.grantedAt);
    }

    Envelope.Data<Attributes> data(AssessmentWindow w) {
        Window window = w.window();
        List<CriterionView> criteria = IntStream.range(0, w.criteria.size())
                .mapToObj(i -> new CriterionView(i + 1, w.criteria.get(i).kind, w.criteria.get(i).statement)).toList();
        return new Envelope.Data<>(w.id.toString(), TYPE, new Attributes(w.leadProviderId, w.courseIdentifier, w.cohort, w.firstDay,
                window.lastDay(), london(window.opensAt()), london(window.closesAt()),
                window.status(clock.instant()).name().toLowerCase(Locale.ROOT), w.wordLimit, criteria, w.createdAt));
    }

    /** The window, when the caller may see it (lead provider side: its own; others: accepted on its course and cohort). */
    AssessmentWindow visible(String id) {
        return readers.visible(id, windows::findById, w -> w.leadProviderId,
                (r, w) -> candidates.windows(r, w.courseIdentifier, w.cohort).stream().anyMatch(x -> x.id.equals(w.id)));
    }

    static OffsetDateTime london(Instant instant) {
        return instant.atZone(Window.LONDON).toOffsetDateTime();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
