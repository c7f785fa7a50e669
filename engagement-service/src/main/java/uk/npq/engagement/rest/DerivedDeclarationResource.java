package uk.npq.engagement.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.engagement.service.Engagements;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/derived-declarations/{lead_provider_id}: whether a lead provider's declarations are also derived from
 * evidence (attendance, milestone dates with engagement on track, marking outcomes). Off unless an admin turns it
 * on; the lead provider may read its own setting, another's is a 404.
 */
@Path("/api/v1/derived-declarations/{lead_provider_id}")
public class DerivedDeclarationResource {
    static final String TYPE = "derived-declaration-setting";

    @Inject EntityManager em;
    @Inject RequestReader reader;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(UUID leadProviderId, boolean enabled, Instant updatedAt) {}

    public record Input(Boolean enabled) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER})
    @Transactional
    public Envelope<Attributes> get(@PathParam("lead_provider_id") String id) {
        UUID lp = PathIds.uuid(id);
        if (!caller.hasRole(Roles.ADMIN) && !caller.leadProviderId().equals(Optional.of(lp))) throw Problems.notFound();
        return data(lp);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Envelope<Attributes> set(@PathParam("lead_provider_id") String id, String body) {
        UUID lp = PathIds.uuid(id);
        Input in = reader.attributes(body, TYPE, Input.class);
        if (in.enabled() == null) throw Problems.unprocessable("enabled", "Enter '#/enabled': true or false.");
        em.createNativeQuery("INSERT INTO derived_declaration_setting (lead_provider_id, enabled, updated_at, updated_by) "
                        + "VALUES (?1, ?2, now(), ?3) ON CONFLICT (lead_provider_id) DO UPDATE SET enabled = EXCLUDED.enabled, "
                        + "updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by")
                .setParameter(1, lp).setParameter(2, in.enabled()).setParameter(3, caller.subject()).executeUpdate();
        return data(lp);
    }

    private Envelope<Attributes> data(UUID lp) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT enabled, updated_at FROM derived_declaration_setting WHERE lead_provider_id = ?1")
                .setParameter(1, lp).getResultList();
        Attributes a = rows.isEmpty() ? new Attributes(lp, false, null)
                : new Attributes(lp, (Boolean) rows.get(0)[0], Engagements.instant(rows.get(0)[1]));
        return Envelope.of(lp.toString(), TYPE, a);
    }
}
