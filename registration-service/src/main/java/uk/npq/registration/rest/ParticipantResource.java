package uk.npq.registration.rest;

import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.persistence.ReadOnly;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.rest.PathIds;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.ApplicationState;
import uk.npq.registration.repository.ParticipantIdChange;
import uk.npq.registration.repository.ParticipantRepository;
import uk.npq.registration.repository.Person;
import uk.npq.registration.service.ParticipantActions;

/**
 * DfE lead-provider API v3: participants/npq. A participant is a person with an accepted application with
 * the calling provider; the provider sees only its own enrolments. A retired participant id (merged into
 * another record) answers 410 Gone naming its replacement.
 */
@Path("/api/v3/participants/npq")
public class ParticipantResource {
    static final String TYPE = "npq-participant";

    @Inject ParticipantRepository participants;
    @Inject ParticipantActions actions;
    @Inject RequestReader reader;
    @Inject EntityManager em;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(String fullName, List<String> previousNames, String teacherReferenceNumber, Instant updatedAt,
                             List<Enrolment> npqEnrolments, List<IdChange> participantIdChanges) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Enrolment(String email, String courseIdentifier, String scheduleIdentifier, String cohort, String cohortSuffix,
                            UUID npqApplicationId, boolean eligibleForFunding, String trainingStatus, String schoolUrn,
                            boolean targetedDeliveryFundingEligibility, StatusChange withdrawal, StatusChange deferral,
                            Instant createdAt, Boolean fundedPlace) {}

    public record StatusChange(String reason, Instant date) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IdChange(UUID fromParticipantId, UUID toParticipantId, Instant changedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ActionAttributes(String courseIdentifier, String reason, String scheduleIdentifier, String cohort) {}

    /**
     * GET /api/v3/participants/npq: filter[updated_since], filter[training_status], filter[from_participant_id],
     * sort, page; page[cursor] as on npq-applications: the provider's participant change feed in commit order, where a
     * participant moves on any change of the person, of its applications (with any provider) or of its participant ids.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response list(@Context UriInfo uri) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        UUID lp = caller.requireLeadProvider();
        if (q.cursor().isPresent()) {
            ChangeFeed.readTransaction(em);
            List<ParticipantRepository.FeedParticipant> page = participants.feedPage(lp, q);
            var body = new ListEnvelope<>(feedViews(page));
            return ListQuery.withNextCursor(Response.ok(body), uri, q, page.size(), page.isEmpty() ? null : page.get(page.size() - 1).position());
        }
        ReadOnly.transaction(em);
        return ListQuery.withNextCursor(Response.ok(new ListEnvelope<>(views(lp, participants.page(lp, q)))), uri, q, 0, null);
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response get(@PathParam("id") String id) {
        ReadOnly.transaction(em);
        return ok(caller.requireLeadProvider(), resolve(id));
    }

    /**
     * PUT /api/v3/participants/npq/{id}/defer, resume, withdraw and change-schedule: the body's data.type is the
     * DfE one of each action (participant-defer, ...); any other action is 404.
     */
    @PUT
    @Path("/{id}/{action}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response act(@PathParam("id") String id, @PathParam("action") String action, String body) {
        UUID lp = caller.requireLeadProvider();
        if (!List.of("defer", "resume", "withdraw", "change-schedule").contains(action)) throw Problems.notFound();
        ActionAttributes a = reader.attributes(body, "participant-" + action, ActionAttributes.class);
        UUID participant = PathIds.uuid(id);
        Person changed = switch (action) {
            case "defer" -> actions.defer(lp, participant, a.courseIdentifier(), a.reason());
            case "resume" -> actions.resume(lp, participant, a.courseIdentifier());
            case "withdraw" -> actions.withdraw(lp, participant, a.courseIdentifier(), a.reason());
            default -> actions.changeSchedule(lp, participant, a.courseIdentifier(), a.scheduleIdentifier(), a.cohort());
        };
        return ok(lp, changed.id);
    }

    // ------------------------------------------------------------------------------------------------
    /** The live participant id: a retired one is 410 Gone with its changes, an unknown one 404. */
    UUID resolve(String id) {
        UUID participantId = PathIds.uuid(id);
        var retired = participants.retirement(participantId);
        if (retired.isPresent()) {
            List<IdChange> changes = participants.idChanges(List.of(retired.get().personId)).stream()
                    .filter(c -> c.fromParticipantId.equals(participantId) || c.toParticipantId.equals(retired.get().personId)
                            || c.personId.equals(retired.get().personId))
                    .map(ParticipantResource::idChange).toList();
            throw Problems.participantIdChanged(retired.get().fromParticipantId, retired.get().personId, changes);
        }
        return participantId;
    }

    private Response ok(UUID lp, UUID participantId) {
        var row = participants.find(lp, participantId).orElseThrow(Problems::notFound);
        var data = views(lp, List.of(row)).get(0);
        return Response.ok(new Envelope<>(data)).header("Cache-Control", "no-store").build();
    }

    List<Envelope.Data<Attributes>> views(UUID lp, List<ParticipantRepository.Row> rows) {
        List<UUID> ids = rows.stream().map(ParticipantRepository.Row::id).toList();
        Map<UUID, List<Application>> enrolments = new LinkedHashMap<>();
        for (Application a : participants.enrolments(lp, ids)) enrolments.computeIfAbsent(a.person.id, k -> new ArrayList<>()).add(a);
        Map<UUID, ApplicationState> states = participants.latestStates(
                enrolments.values().stream().flatMap(List::stream).map(a -> a.id).toList());
        Map<UUID, List<IdChange>> changes = new LinkedHashMap<>();
        for (ParticipantIdChange c : participants.idChanges(ids)) changes.computeIfAbsent(c.personId, k -> new ArrayList<>()).add(idChange(c));
        // the people come with their enrolments (one join); only a row whose enrolment went in between is read apart, all at once
        Map<UUID, Person> people = new HashMap<>();
        for (List<Application> as : enrolments.values()) people.put(as.get(0).person.id, as.get(0).person);
        List<UUID> missing = ids.stream().filter(id -> !people.containsKey(id)).toList();
        for (Person p : participants.people(missing)) people.put(p.id, p);
        List<Envelope.Data<Attributes>> out = new ArrayList<>();
        for (ParticipantRepository.Row row : rows) {
            Person p = people.get(row.id());
            List<Enrolment> es = enrolments.getOrDefault(row.id(), List.of()).stream().map(a -> enrolment(a, states.get(a.id))).toList();
            out.add(data(p, row.updatedAt(), es, changes.getOrDefault(p.id, List.of())));
        }
        return out;
    }

    /**
     * A feed page's participants as the API shows them: the page's plain values (one statement, {@link
     * ParticipantRepository#feedPage}) and, only for participants that have any, their id changes in one more; the same
     * {@link #data} and {@link #enrolment} as every other answer, so a row is byte for byte its own GET.
     */
    List<Envelope.Data<Attributes>> feedViews(List<ParticipantRepository.FeedParticipant> page) {
        List<UUID> changed = page.stream().filter(ParticipantRepository.FeedParticipant::idChanged).map(f -> f.person().id).toList();
        Map<UUID, List<IdChange>> changes = new HashMap<>();
        for (ParticipantIdChange c : participants.idChangeRows(changed)) changes.computeIfAbsent(c.personId, k -> new ArrayList<>()).add(idChange(c));
        List<Envelope.Data<Attributes>> out = new ArrayList<>(page.size());
        for (ParticipantRepository.FeedParticipant f : page) {
            List<Enrolment> es = f.enrolments().stream().map(a -> enrolment(a, f.latestStates().get(a.id))).toList();
            out.add(data(f.person(), f.updatedAt(), es, changes.getOrDefault(f.person().id, List.of())));
        }
        return out;
    }

    static Envelope.Data<Attributes> data(Person p, Instant updatedAt, List<Enrolment> enrolments, List<IdChange> changes) {
        return new Envelope.Data<>(p.id.toString(), TYPE, new Attributes(p.fullName, List.of(p.previousNames), p.visibleTrn(),
                updatedAt, enrolments, changes));
    }

    static Enrolment enrolment(Application a, ApplicationState latest) {
        StatusChange withdrawal = "withdrawn".equals(a.trainingStatus) && latest != null ? new StatusChange(latest.reason, latest.createdAt) : null;
        StatusChange deferral = "deferred".equals(a.trainingStatus) && latest != null ? new StatusChange(latest.reason, latest.createdAt) : null;
        return new Enrolment(a.person.email, a.courseIdentifier, a.scheduleIdentifier, a.cohortStartYear(), a.cohortSuffix(), a.id,
                Boolean.TRUE.equals(a.eligibleForFunding), a.trainingStatus, a.schoolUrn, a.targetedDeliveryFundingEligibility,
                withdrawal, deferral, a.acceptedAt, a.fundedPlace);
    }

    static IdChange idChange(ParticipantIdChange c) {
        return new IdChange(c.fromParticipantId, c.toParticipantId, c.createdAt);
    }
}
