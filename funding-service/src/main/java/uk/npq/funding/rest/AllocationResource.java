package uk.npq.funding.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import uk.npq.funding.service.AllocationImports;
import uk.npq.funding.service.ImportResult;
import uk.npq.platform.csv.Csv;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.InvalidRows;
import uk.npq.platform.security.Roles;

/**
 * PUT /api/v1/reference/allocations: funded-place allocations of capped cohorts, a CSV imported as the other contract
 * data is (admins and finance; ?on_invalid_rows=skip). Lead providers, finance and admins read them with their usage
 * at registration-service (/api/v1/funded-place-allocations), where accepts happen and usage is counted.
 */
@Path("/api/v1/reference/allocations")
public class AllocationResource {
    @Inject AllocationImports allocations;

    @PUT
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE})
    public Envelope<ImportResult> importAllocations(byte[] body, @QueryParam("on_invalid_rows") String onInvalid) {
        if (body == null || body.length == 0) throw Problems.badRequest("The upload is empty: send the file as the request body.");
        return Envelope.of(null, ReferenceDataResource.TYPE, allocations.importAllocations(Csv.decode(body), InvalidRows.skip(onInvalid)));
    }
}
