package uk.npq.engagement.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import uk.npq.engagement.domain.SessionRules;
import uk.npq.engagement.repository.AttendanceRepository;
import uk.npq.engagement.repository.Session;
import uk.npq.engagement.repository.SessionRepository;
import uk.npq.engagement.service.Sessions;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/sessions: a hub (delivery-partner) manages the sessions it runs for its lead provider; a lead provider
 * manages the sessions run for it, by any of its hubs. A session the caller may not see is a 404.
 */
@Path("/api/v1/sessions")
@RolesAllowed({Roles.DELIVERY_PARTNER, Roles.LEAD_PROVIDER})
public class SessionResource {
    static final String TYPE = "session";

    @Inject SessionRepository sessions;
    @Inject AttendanceRepository attendance;
    @Inject Sessions service;
    @Inject RequestReader reader;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(UUID leadProviderId, UUID deliveryPartnerId, String courseIdentifier, String cohort,
                             String kind, String title, Instant scheduledAt, int weight, boolean attendanceRecorded,
                             Instant createdAt, Instant updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(String courseIdentifier, String cohort, String kind, String title, Instant scheduledAt,
                        Integer weight, UUID deliveryPartnerId) {
        SessionRules.Input rules(UUID hub) {
            return new SessionRules.Input(courseIdentifier, cohort, kind, title, scheduledAt, weight, hub);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AttendanceAttributes(UUID sessionId, UUID participantId, boolean attended, Integer minutes, int credited,
                                       Instant updatedAt) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public ListEnvelope<Attributes> list(@QueryParam("filter[course_identifier]") String course,
                                         @QueryParam("filter[cohort]") String cohort,
                                         @QueryParam("filter[delivery_partner_id]") String deliveryPartner) {
        UUID dpFilter = deliveryPartner == null || deliveryPartner.isBlank() ? null : uuidParameter(deliveryPartner);
        List<Session> found;
        if (isHub()) {
            UUID hub = hub();
            if (dpFilter != null && !dpFilter.equals(hub)) return new ListEnvelope<>(List.of());
            found = sessions.find(hub, caller.leadProviderId().orElse(null), blankToNull(course), blankToNull(cohort));
        } else {
            found = sessions.find(dpFilter, caller.requireLeadProvider(), blankToNull(course), blankToNull(cohort));
        }
        return new ListEnvelope<>(found.stream().map(this::data).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Envelope<Attributes> get(@PathParam("id") String id) {
        return new Envelope<>(data(visible(id)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        Input in = reader.attributes(body, TYPE, Input.class);
        UUID leadProvider = caller.requireLeadProvider();
        UUID hub = isHub() ? ownHub(in.deliveryPartnerId()) : in.deliveryPartnerId();
        if (hub == null) {
            throw Problems.unprocessable("delivery_partner_id", "Enter the '#/delivery_partner_id' of the hub that runs this session.");
        }
        if (!isHub()) service.requirePartner(hub, leadProvider, in.cohort());
        Session s = service.create(in.rules(hub), leadProvider, hub);
        return Response.status(Response.Status.CREATED).entity(new Envelope<>(data(s))).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Envelope<Attributes> update(@PathParam("id") String id, String body) {
        Input in = reader.attributes(body, TYPE, Input.class);
        Session s = visible(id);
        UUID hub = isHub() ? ownHub(in.deliveryPartnerId()) : in.deliveryPartnerId();
        if (!isHub() && hub != null && !hub.equals(s.deliveryPartnerId)) {
            service.requirePartner(hub, s.leadProviderId, in.cohort() == null ? s.cohort : in.cohort());
        }
        return new Envelope<>(data(service.update(s, in.rules(hub == null ? s.deliveryPartnerId : hub), hub)));
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    public Response delete(@PathParam("id") String id) {
        service.delete(visible(id));
        return Response.noContent().build();
    }

    /** The attendance recorded at one session (participants by id only). */
    @GET
    @Path("/{id}/attendance")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public ListEnvelope<AttendanceAttributes> attendance(@PathParam("id") String id) {
        Session s = visible(id);
        var kind = uk.npq.engagement.domain.SessionKind.of(s.kind).orElseThrow();
        var participants = attendance.participantsAt(s.id);
        return new ListEnvelope<>(attendance.forSession(s.id).stream().map(a -> new Envelope.Data<>(
                a.id.sessionId() + "/" + a.id.applicationId(), "attendance",
                new AttendanceAttributes(s.id, participants.get(a.id.applicationId()), a.attended, a.minutes,
                        kind.credit(s.weight, a.attended, a.minutes), a.updatedAt))).toList());
    }

    private Envelope.Data<Attributes> data(Session s) {
        return new Envelope.Data<>(s.id.toString(), TYPE, new Attributes(s.leadProviderId, s.deliveryPartnerId, s.courseIdentifier,
                s.cohort, s.kind, s.title, s.scheduledAt, s.weight, attendance.anyForSession(s.id), s.createdAt, s.updatedAt));
    }

    /** The session, when the caller may see it: a hub its own (for its lead provider), a lead provider those run for it. */
    private Session visible(String id) {
        Session s = sessions.findById(PathIds.uuid(id));
        if (s == null) throw Problems.notFound();
        boolean mine = isHub()
                ? s.deliveryPartnerId.equals(hub()) && caller.leadProviderId().map(s.leadProviderId::equals).orElse(true)
                : s.leadProviderId.equals(caller.requireLeadProvider());
        if (!mine) throw Problems.notFound();
        return s;
    }

    private boolean isHub() {
        return caller.hasRole(Roles.DELIVERY_PARTNER);
    }

    private UUID hub() {
        return caller.deliveryPartnerId().orElseThrow(() -> Problems.forbidden("Your token names no delivery partner"));
    }

    /** A hub's sessions are its own: a delivery_partner_id it sends must be its own. */
    private UUID ownHub(UUID given) {
        UUID hub = hub();
        if (given != null && !given.equals(hub)) {
            throw Problems.unprocessable("delivery_partner_id", "A delivery partner manages only its own sessions: '#/delivery_partner_id' must be yours or left out.");
        }
        return hub;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static UUID uuidParameter(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("'filter[delivery_partner_id]' must be a UUID.");
        }
    }
}
