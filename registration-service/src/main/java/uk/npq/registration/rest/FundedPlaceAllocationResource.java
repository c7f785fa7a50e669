package uk.npq.registration.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;
import uk.npq.registration.service.FundedPlaceAllocations;

/**
 * /api/v1/funded-place-allocations: each lead provider's funded places per capped cohort and course and how many are
 * used (its accepted applications with funded_place true). A lead provider sees only its own (another's is absent from
 * the list and a 404 by id); admins and finance see every provider's.
 */
@Path("/api/v1/funded-place-allocations")
@RolesAllowed({Roles.LEAD_PROVIDER, Roles.ADMIN, Roles.FINANCE})
public class FundedPlaceAllocationResource {
    static final String TYPE = "funded-place-allocation";

    @Inject FundedPlaceAllocations allocations;
    @Inject Caller caller;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Response list(@QueryParam("filter[cohort]") String cohort, @QueryParam("filter[lead_provider_id]") String leadProvider) {
        UUID wanted = null;
        if (leadProvider != null && !leadProvider.isBlank()) {
            try {
                wanted = leadProvider.strip().length() == 36 ? UUID.fromString(leadProvider.strip()) : null;
            } catch (IllegalArgumentException e) {
                wanted = null;
            }
            if (wanted == null) throw Problems.badRequest("filter[lead_provider_id]", "'#/filter[lead_provider_id]' must be a UUID.");
        }
        UUID scope = wanted;
        if (!seesEveryProvider()) {
            UUID own = caller.requireLeadProvider();
            if (wanted != null && !wanted.equals(own)) return ok(new ListEnvelope<>(java.util.List.of()));
            scope = own;
        }
        String c = cohort == null || cohort.isBlank() ? null : cohort.strip();
        var data = allocations.list(scope, c).stream().map(u -> new Envelope.Data<>(u.id(), TYPE, u)).toList();
        return ok(new ListEnvelope<>(data));
    }

    @GET
    @Path("/{lead_provider_id}/{cohort}/{course_identifier}")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Response get(@PathParam("lead_provider_id") String leadProvider, @PathParam("cohort") String cohort,
                        @PathParam("course_identifier") String course) {
        UUID lp = PathIds.uuid(leadProvider);
        if (!seesEveryProvider() && !lp.equals(caller.requireLeadProvider())) throw Problems.notFound();
        var u = allocations.one(lp, cohort, course).orElseThrow(Problems::notFound);
        return ok(Envelope.of(u.id(), TYPE, u));
    }

    private boolean seesEveryProvider() {
        return caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.FINANCE);
    }

    private static Response ok(Object body) {
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }
}
