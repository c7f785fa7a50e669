package uk.npq.registration.rest;

import uk.npq.platform.rest.PathIds;
import uk.npq.platform.rest.ListQuery;
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
import java.util.List;
import java.util.UUID;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;
import uk.npq.registration.repository.DeliveryPartner;
import uk.npq.registration.service.DeliveryPartners;

/**
 * Delivery partners: the DfE v3 read for lead providers (their partners, with the start years they partner
 * in) and the admin's create-or-replace under /api/v1.
 */
@Path("/")
public class DeliveryPartnerResource {
    static final String TYPE = "delivery-partner";

    @Inject DeliveryPartners partners;
    @Inject RequestReader reader;
    @Inject EntityManager em;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(String name, List<String> cohort, Instant createdAt, Instant updatedAt) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PartnershipAttributes(UUID leadProviderId, String cohort) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AdminAttributes(String name, List<PartnershipAttributes> partnerships, Instant createdAt, Instant updatedAt) {}

    /** GET /api/v3/delivery-partners: filter[cohort] (start years), sort (name, created_at, updated_at, +/-), page. */
    @GET
    @Path("api/v3/delivery-partners")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response list(@Context UriInfo uri) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        UUID lp = caller.requireLeadProvider();
        List<String> sort = uri.getQueryParameters().getFirst("sort") == null ? List.of()
                : List.of(uri.getQueryParameters().getFirst("sort").split(",")).stream().map(String::strip)
                        .filter(s -> List.of("name", "created_at", "updated_at").contains(s.startsWith("-") ? s.substring(1) : s)).toList();
        var data = partners.forLeadProvider(lp, q.cohortYears(), sort, q.page(), q.perPage()).stream().map(d -> view(d, lp)).toList();
        return Response.ok(new ListEnvelope<>(data)).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("api/v3/delivery-partners/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response get(@PathParam("id") String id) {
        UUID lp = caller.requireLeadProvider();
        DeliveryPartner d = em.find(DeliveryPartner.class, PathIds.uuid(id));
        if (d == null || partners.cohortYears(d.id, lp).isEmpty()) throw Problems.notFound();
        return Response.ok(new Envelope<>(view(d, lp))).header("Cache-Control", "no-store").build();
    }

    /** PUT /api/v1/delivery-partners/{id} (admin): creates the partner or replaces its name and partnerships. */
    @PUT
    @Path("api/v1/delivery-partners/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response save(@PathParam("id") String id, String body) {
        UUID dpId = PathIds.uuid(id);
        AdminAttributes in = reader.attributes(body, TYPE, AdminAttributes.class);
        boolean exists = partners.exists(dpId);
        List<DeliveryPartners.Partnership> wanted = in.partnerships() == null ? List.of()
                : in.partnerships().stream().map(p -> new DeliveryPartners.Partnership(p.leadProviderId(), p.cohort())).toList();
        DeliveryPartner d = partners.save(dpId, in.name(), wanted);
        return Response.status(exists ? 200 : 201).entity(admin(d)).build();
    }

    @GET
    @Path("api/v1/delivery-partners/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public Envelope<AdminAttributes> adminGet(@PathParam("id") String id) {
        DeliveryPartner d = em.find(DeliveryPartner.class, PathIds.uuid(id));
        if (d == null) throw Problems.notFound();
        return admin(d);
    }

    private Envelope<AdminAttributes> admin(DeliveryPartner d) {
        var ps = partners.partnerships(d.id).stream().map(p -> new PartnershipAttributes(p.leadProviderId(), p.cohort())).toList();
        return Envelope.of(d.id.toString(), TYPE, new AdminAttributes(d.name, ps, d.createdAt, d.updatedAt));
    }

    private Envelope.Data<Attributes> view(DeliveryPartner d, UUID lp) {
        return new Envelope.Data<>(d.id.toString(), TYPE, new Attributes(d.name, partners.cohortYears(d.id, lp), d.createdAt, d.updatedAt));
    }
}
