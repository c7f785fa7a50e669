package uk.npq.funding.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import uk.npq.funding.service.LeadProviderStatements;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.rest.PathIds;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * The DfE lead-provider API v3 statements: GET /api/v3/statements and /api/v3/statements/{id}. A lead provider
 * reads its own output-fee statements only (another provider's, a non-output-fee one or a non-UUID id is a 404),
 * in the DfE shape (API::StatementSerializer) and order (payment_date; then id, so pages are stable).
 */
@Path("/api/v3/statements")
@RolesAllowed(Roles.LEAD_PROVIDER)
public class StatementsV3Resource {
    static final String TYPE = "statement";
    /**
     * The list parameters checked by the platform's {@link ListQuery}, with the DfE texts. The DfE statements endpoint
     * permits only filter[cohort], filter[updated_since] and page; anything else is ignored, as there.
     */
    static final Set<String> CHECKED = Set.of("filter", "filter[cohort]", "filter[updated_since]", "page[page]", "page[per_page]");
    /** The DfE's timestamps: RFC 3339 in UTC to the second (Blueprinter datetime_format rfc3339, Rails zone UTC). */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Inject LeadProviderStatements statements;
    @Inject Caller caller;

    /** The DfE Statement attributes, each always present. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(String month, String year, String cohort, String cutOffDate, String paymentDate, boolean paid,
                             String createdAt, String updatedAt) {}

    /** filter[cohort] (start years), filter[updated_since], page[page], page[per_page]. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context UriInfo uri) {
        UUID lp = caller.requireLeadProvider();
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        MultivaluedMap<String, String> checked = new MultivaluedHashMap<>();
        params.forEach((name, values) -> {
            if (CHECKED.contains(name)) checked.put(name, values);
        });
        ListQuery q = ListQuery.of(checked);
        Optional<List<Integer>> cohorts = params.getFirst("filter[cohort]") == null ? Optional.empty()
                : Optional.of(q.cohortYears().stream().map(Integer::valueOf).toList());
        var data = statements.page(lp, cohorts, q.updatedSince(), q.page(), q.perPage())
                .stream().map(StatementsV3Resource::data).toList();
        return Response.ok(new ListEnvelope<>(data)).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id) {
        UUID lp = caller.requireLeadProvider();
        LeadProviderStatements.Row s = statements.find(lp, PathIds.uuid(id)).orElseThrow(Problems::notFound);
        return Response.ok(new Envelope<>(data(s))).header("Cache-Control", "no-store").build();
    }

    // filter[cohort]: comma-separated start years, read by ListQuery as on every other v3 list: a value that is no start
    // year is a 400 naming the filter (the DfE matches nothing instead; we refuse bad input the same way everywhere).

    static Envelope.Data<Attributes> data(LeadProviderStatements.Row s) {
        return new Envelope.Data<>(s.id().toString(), TYPE, new Attributes(
                Month.of(s.month()).getDisplayName(TextStyle.FULL, Locale.ENGLISH), String.valueOf(s.year()),
                String.valueOf(s.cohortStartYear()), date(s.deadlineDate()), date(s.paymentDate()), s.paid(),
                TIMESTAMP.format(s.createdAt()), TIMESTAMP.format(s.updatedAt())));
    }

    private static String date(LocalDate d) {
        return d.toString(); // ISO: YYYY-MM-DD, as the DfE's datetime_format "%Y-%m-%d"
    }
}
