package uk.npq.funding.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import uk.npq.funding.service.ApiTokens;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/api-tokens: admins issue, list, rotate and revoke lead providers' long-lived API tokens, the credential the
 * DfE's clients send ({@code Authorization: Bearer <token>}). The secret appears once, in the answer to an issue or a
 * rotation; lists show its first characters only.
 */
@Path("/api/v1/api-tokens")
public class ApiTokenResource {
    static final String TYPE = "api-token";

    @Inject ApiTokens tokens;
    @Inject RequestReader reader;
    @Inject Caller caller;
    @Inject Clock clock;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record IssueBody(UUID leadProviderId, String description) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RotateBody(Integer oldTokenValidForMinutes) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response issue(String body) {
        IssueBody b = reader.attributes(body, TYPE, IssueBody.class);
        ApiTokens.Issued issued = tokens.issue(b.leadProviderId(), b.description(), caller.subject());
        return Response.status(Response.Status.CREATED).entity(issued(issued)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public ListEnvelope<Map<String, Object>> list(@QueryParam("filter[lead_provider_id]") String leadProvider) {
        UUID lp = null;
        if (leadProvider != null && !leadProvider.isBlank()) {
            try {
                lp = UUID.fromString(leadProvider.trim());
            } catch (IllegalArgumentException e) {
                throw uk.npq.platform.problem.Problems.badRequest("filter[lead_provider_id]", "filter[lead_provider_id] must be a lead provider's id (a UUID)");
            }
        }
        Instant now = clock.instant();
        return new ListEnvelope<>(tokens.list(lp).stream().map(t -> new Envelope.Data<>(t.id().toString(), TYPE, attributes(t, now))).toList());
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Envelope<Map<String, Object>> get(@PathParam("id") String id) {
        ApiTokens.ApiToken t = tokens.find(PathIds.uuid(id), false).orElseThrow(uk.npq.platform.problem.Problems::notFound);
        return Envelope.of(t.id().toString(), TYPE, attributes(t, clock.instant()));
    }

    /** A new secret for the same provider and purpose; the old token stops at once or after old_token_valid_for_minutes. */
    @POST
    @Path("/{id}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response rotate(@PathParam("id") String id, String body) {
        UUID token = PathIds.uuid(id);
        int minutes = 0;
        if (body != null && !body.isBlank()) {
            RotateBody b = reader.attributes(body, "api-token-rotation", RotateBody.class);
            if (b.oldTokenValidForMinutes() != null) minutes = b.oldTokenValidForMinutes();
        }
        ApiTokens.Issued issued = tokens.rotate(token, Duration.ofMinutes(minutes), caller.subject());
        return Response.status(Response.Status.CREATED).entity(issued(issued)).build();
    }

    /** Revoked at once: the next request with it is refused by every service. */
    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Envelope<Map<String, Object>> revoke(@PathParam("id") String id) {
        ApiTokens.ApiToken t = tokens.revoke(PathIds.uuid(id), caller.subject());
        return Envelope.of(t.id().toString(), TYPE, attributes(t, clock.instant()));
    }

    private Envelope<Map<String, Object>> issued(ApiTokens.Issued issued) {
        Map<String, Object> m = attributes(issued.token(), clock.instant());
        m.put("token", issued.secret());
        return Envelope.of(issued.token().id().toString(), TYPE, m);
    }

    static Map<String, Object> attributes(ApiTokens.ApiToken t, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lead_provider_id", t.leadProviderId().toString());
        m.put("description", t.description());
        m.put("token_hint", t.tokenHint());
        m.put("active", t.activeAt(now));
        m.put("created_at", t.createdAt().toString());
        m.put("created_by", t.createdBy());
        m.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
        m.put("revoked_by", t.revokedBy());
        m.put("replaced_by", t.replacedBy() == null ? null : t.replacedBy().toString());
        m.put("last_used_at", t.lastUsedAt() == null ? null : t.lastUsedAt().toString());
        return m;
    }
}
