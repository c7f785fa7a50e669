package uk.npq.funding.rest;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.npq.funding.service.ImportResult;
import uk.npq.funding.service.ReferenceDataService;
import uk.npq.platform.csv.Csv;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.InvalidRows;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/reference: the reference data of the funding decision, managed by admins. Uploads are CSV (or
 * one identifier a line for lists); each is all or nothing and idempotent, and answers with counts and the
 * rows it refused. ?on_invalid_rows=skip imports the valid rows of a file that has refused ones.
 */
@Path("/api/v1/reference")
@RolesAllowed(Roles.ADMIN)
public class ReferenceDataResource {
    static final String TYPE = "reference-import";

    @Inject ReferenceDataService reference;
    @Inject EntityManager em;
    @Inject Caller caller;

    /**
     * PUT /api/v1/reference/{dataset}: establishments (the GIAS CSV, streamed), early-years-providers,
     * itt-providers, local-authorities, cohorts, schedules.
     */
    @PUT
    @Path("/{dataset: establishments|early-years-providers|itt-providers|local-authorities|cohorts|schedules}")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<ImportResult> importDataset(@PathParam("dataset") String dataset, byte[] body,
                                                @QueryParam("on_invalid_rows") String onInvalid) {
        boolean skip = skip(onInvalid);
        if (dataset.equals("establishments")) return answer(reference.importEstablishments(Csv.reader(nonEmpty(body)), skip));
        String text = text(body);
        return answer(switch (dataset) {
            case "early-years-providers" -> reference.importEarlyYearsProviders(text, skip);
            case "itt-providers" -> reference.importIttProviders(text, skip);
            case "local-authorities" -> reference.importLocalAuthorities(text, skip);
            case "cohorts" -> reference.importCohorts(text, skip);
            case "schedules" -> reference.importSchedules(text, skip);
            default -> throw Problems.notFound();
        });
    }

    @PUT
    @Path("/eligibility-lists/{type}")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Envelope<ImportResult> eligibilityList(@PathParam("type") String type, byte[] body,
                                                  @QueryParam("on_invalid_rows") String onInvalid) {
        return answer(reference.importEligibilityList(type, text(body), skip(onInvalid), caller.subject()));
    }

    @GET
    @Path("/eligibility-lists")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Envelope<Map<String, Integer>> listVersions() {
        return Envelope.of(null, "eligibility-list-versions", reference.currentListVersions());
    }

    @GET
    @Path("/cohorts")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> cohorts() {
        return rows("SELECT identifier, start_year, suffix, description, registration_start_date::text, funding, rule_set "
                + "FROM cohort ORDER BY identifier", "identifier", "start_year", "suffix", "description",
                "registration_start_date", "funding", "rule_set");
    }

    @GET
    @Path("/schedules")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> schedules() {
        return rows("SELECT cohort, identifier, name, course_group, applies_from::text, applies_to::text, "
                + "array_to_string(allowed_declaration_types, ' '), acceptance_window_start::text, acceptance_window_end::text "
                + "FROM schedule ORDER BY cohort, identifier", "cohort", "identifier", "name", "course_group", "applies_from",
                "applies_to", "allowed_declaration_types", "acceptance_window_start", "acceptance_window_end");
    }

    private List<Map<String, Object>> rows(String sql, String... names) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql).getResultList();
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) m.put(names[i], r[i]);
            return m;
        }).toList();
    }

    private static Envelope<ImportResult> answer(ImportResult r) {
        return Envelope.of(null, TYPE, r);
    }

    private static byte[] nonEmpty(byte[] body) {
        if (body == null || body.length == 0) throw Problems.badRequest("The upload is empty: send the file as the request body.");
        return body;
    }

    private static String text(byte[] body) {
        return Csv.decode(nonEmpty(body));
    }

    private static boolean skip(String onInvalid) {
        return InvalidRows.skip(onInvalid);
    }
}
