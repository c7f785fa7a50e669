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
import uk.npq.funding.service.ContractImports;
import uk.npq.funding.service.ImportResult;
import uk.npq.funding.service.ReferenceDataService;
import uk.npq.funding.service.ReferencePublisher;
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
    @Inject ContractImports contracts;
    @Inject ReferencePublisher publisher;
    @Inject uk.npq.funding.service.Establishments establishmentReads;
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

    /**
     * Establishments (GIAS, public data) are read by everyone who registers for, delivers, funds or reports on NPQs (the
     * registration wizard's institution search, a school, a lead provider checking an application's school); markers
     * and moderators have no need.
     * GET /api/v1/reference/establishments?filter[name]=...&filter[ukprn]=...: a page of establishments by name then URN;
     * the name filter is a case-insensitive part of the name, at least 3 characters (trigram index).
     */
    @GET
    @Path("/establishments")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING, Roles.LEAD_PROVIDER, Roles.DELIVERY_PARTNER, Roles.SCHOOL, Roles.PARTICIPANT})
    public jakarta.ws.rs.core.Response establishments(@jakarta.ws.rs.core.Context jakarta.ws.rs.core.UriInfo uri) {
        var params = uri.getQueryParameters();
        uk.npq.platform.rest.ListQuery q = uk.npq.platform.rest.ListQuery.of(params);
        String name = params.getFirst("filter[name]") == null ? null : params.getFirst("filter[name]").strip();
        String ukprn = params.getFirst("filter[ukprn]") == null ? null : params.getFirst("filter[ukprn]").strip();
        if (name == null && ukprn == null) throw Problems.badRequest("filter", "Give '#/filter[name]' (at least 3 characters of the name) or '#/filter[ukprn]'.");
        if (name != null && name.codePointCount(0, name.length()) < 3) throw Problems.badRequest("filter[name]", "The filter '#/name' must be at least 3 characters.");
        if (name != null && name.length() > 100) throw Problems.badRequest("filter[name]", "The filter '#/name' must be at most 100 characters.");
        if (ukprn != null && !ukprn.matches("^[0-9]{8}$")) throw Problems.badRequest("filter[ukprn]", "The filter '#/ukprn' must be a UKPRN of 8 digits.");
        var data = establishmentReads.search(name, ukprn, (q.page() - 1) * q.perPage(), q.perPage()).stream()
                .map(e -> new Envelope.Data<>((String) e.get("urn"), "establishment", e)).toList();
        return jakarta.ws.rs.core.Response.ok(new uk.npq.platform.rest.ListEnvelope<>(data)).header("Cache-Control", "no-store").build();
    }

    /** GET /api/v1/reference/establishments/{urn}: one establishment; an unknown URN (or one that is no URN) is a 404. */
    @GET
    @Path("/establishments/{urn}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING, Roles.LEAD_PROVIDER, Roles.DELIVERY_PARTNER, Roles.SCHOOL, Roles.PARTICIPANT})
    public Envelope<Map<String, Object>> establishment(@PathParam("urn") String urn) {
        if (urn == null || !urn.matches("^[0-9]{5,7}$")) throw Problems.notFound();
        return Envelope.of(urn, "establishment", establishmentReads.byUrn(urn).orElseThrow(Problems::notFound));
    }

    /**
     * PUT /api/v1/reference/{dataset} for what lead providers are contracted for: course-offers, statements
     * and contracts (admins and finance).
     */
    @PUT
    @Path("/{dataset: course-offers|statements|contracts|lead-providers}")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE})
    public Envelope<ImportResult> importContractData(@PathParam("dataset") String dataset, byte[] body,
                                                     @QueryParam("on_invalid_rows") String onInvalid) {
        boolean skip = skip(onInvalid);
        String text = text(body);
        return answer(switch (dataset) {
            case "course-offers" -> contracts.importCourseOffers(text, skip);
            case "statements" -> contracts.importStatements(text, skip);
            case "contracts" -> contracts.importContracts(text, skip);
            case "lead-providers" -> contracts.importLeadProviders(text, skip);
            default -> throw Problems.notFound();
        });
    }

    /** Lead providers' names: for every role that reads reference data. */
    @GET
    @Path("/lead-providers")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> leadProviders() {
        return rows("SELECT id::text, name FROM lead_provider ORDER BY name, id", "id", "name");
    }

    /** Course offers: everyone's for admins, finance and reporting; a lead provider sees its own. */
    @GET
    @Path("/course-offers")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> courseOffers() {
        return rows("SELECT lead_provider_id::text, cohort, course_identifier, offered FROM course_offer " + ownRows()
                + " ORDER BY 1, 2, 3", "lead_provider_id", "cohort", "course_identifier", "offered");
    }

    /** Statements (all, not only output-fee ones): everyone's for admins, finance and reporting; a lead provider sees its own. */
    @GET
    @Path("/statements")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> statements() {
        return rows("SELECT id::text, lead_provider_id::text, cohort, year, month, deadline_date::text, payment_date::text, output_fee, "
                + "state FROM statement " + ownRows() + " ORDER BY 2, 3, 4, 5", "id", "lead_provider_id", "cohort", "year", "month",
                "deadline_date", "payment_date", "output_fee", "state");
    }

    /** Contracts with their money: admins, finance and reporting, and a lead provider its own. */
    @GET
    @Path("/contracts")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> contracts() {
        return rows("SELECT lead_provider_id::text, cohort, course_identifier, recruitment_target, per_participant::text, "
                + "output_payment_percentage, number_of_payment_periods, service_fee_percentage, service_fee_installments, "
                + "monthly_service_fee::text, targeted_delivery_funding_per_participant::text, special_course FROM contract " + ownRows()
                + " ORDER BY 1, 2, 3", "lead_provider_id", "cohort", "course_identifier", "recruitment_target", "per_participant",
                "output_payment_percentage", "number_of_payment_periods", "service_fee_percentage", "service_fee_installments",
                "monthly_service_fee", "targeted_delivery_funding_per_participant", "special_course");
    }

    /** A lead provider reads only its own rows (its id comes from the token, never from the request). */
    private String ownRows() {
        if (caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.FINANCE) || caller.hasRole(Roles.REPORTING)) return "";
        return "WHERE lead_provider_id = '" + caller.requireLeadProvider() + "'";
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

    /** The courses (f1) as data: identifier, name, short code, group, funding family, whether outcomes apply. */
    @GET
    @Path("/courses")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public List<Map<String, Object>> courses() {
        return rows("SELECT identifier, name, short_code, course_group, family, has_outcomes FROM course ORDER BY identifier",
                "identifier", "name", "short_code", "course_group", "family", "has_outcomes");
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

    /** What {@code POST /api/v1/reference/republish} answers: how many reference rows it published, and of which kinds. */
    public record Republished(List<String> kinds, int published) {}

    /**
     * POST /api/v1/reference/republish[?kind=course&kind=statement...]: publishes every reference row of those kinds (all
     * kinds without a kind) on funding.reference.v1 again, whether changed or not, so a copy that missed them (a copy table
     * a new release adds starts empty; the rows' events were consumed before it existed) fills. Safe to repeat: the events
     * are whole states. An unknown kind is a 400 and publishes nothing.
     */
    @jakarta.ws.rs.POST
    @Path("/republish")
    @Produces(MediaType.APPLICATION_JSON)
    @Transactional
    public Envelope<Republished> republish(@QueryParam("kind") List<String> kinds) {
        List<String> chosen = kinds == null || kinds.isEmpty() ? ReferencePublisher.KINDS
                : kinds.stream().distinct().toList();
        for (String kind : chosen) {
            if (!ReferencePublisher.KINDS.contains(kind)) {
                throw Problems.badRequest("kind", "kind must be one of " + String.join(", ", ReferencePublisher.KINDS));
            }
        }
        return Envelope.of(null, "reference-republish", new Republished(chosen, publisher.republish(chosen)));
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
