package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.platform.csv.Csv;

/**
 * Funded-place allocations: how many applications a lead provider may accept with funded_place true in a capped
 * cohort, per course (the DfE defines its funding cap as "the maximum number of places each provider can offer per NPQ
 * that DfE will pay for"). Imported like the other contract data: all or nothing unless refused rows are skipped,
 * idempotent, and each new or changed row published once (AllocationDefined).
 */
@ApplicationScoped
public class AllocationImports {
    static final int MAX_PLACES = 1_000_000;

    @Inject ReferenceDataService reference;
    @Inject ReferencePublisher publisher;
    @Inject EntityManager em;
    @Inject CourseCatalogue courses;

    /** allocations: lead_provider_id, cohort (a capped one), course_identifier, funded_places (a whole number, 0 or more). */
    @Transactional
    public ImportResult importAllocations(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        ReferenceDataService.requireColumns(csv, "lead_provider_id", "cohort", "course_identifier", "funded_places");
        Map<String, String> funding = new HashMap<>();
        @SuppressWarnings("unchecked")
        var cohorts = (java.util.List<Object[]>) em.createNativeQuery("SELECT identifier, funding FROM cohort").getResultList();
        for (Object[] c : cohorts) funding.put((String) c[0], (String) c[1]);
        ImportResult result = reference.simpleImport("allocations", csv, skipInvalidRows, row -> {
            String lp = row.get("lead_provider_id").orElse("");
            if (uuid(lp) == null) return "lead_provider_id '" + lp + "' is not a UUID";
            String cohort = row.get("cohort").orElse("");
            if (!funding.containsKey(cohort)) return "cohort '" + cohort + "' does not exist";
            if (!"capped".equals(funding.get(cohort)))
                return "cohort '" + cohort + "' is not capped (its funding is " + funding.get(cohort) + "): funded places are allocated only in capped cohorts";
            String course = row.get("course_identifier").orElse("");
            if (!courses.exists(course)) return "course_identifier '" + course + "' is not a course";
            Integer places = places(row.get("funded_places").orElse(""));
            return places == null ? "funded_places must be a whole number from 0 to " + MAX_PLACES : null;
        }, row -> row.get("lead_provider_id").orElseThrow().toLowerCase() + "/" + row.get("cohort").orElseThrow() + "/"
                + row.get("course_identifier").orElseThrow(), row -> new String[] {
                row.get("lead_provider_id").orElseThrow().toLowerCase(), row.get("cohort").orElseThrow(),
                row.get("course_identifier").orElseThrow(), places(row.get("funded_places").orElseThrow()).toString()},
                "CREATE TEMP TABLE allocation_in (lead_provider_id uuid, cohort varchar(5), course_identifier varchar(60), "
                        + "funded_places integer) ON COMMIT DROP",
                "COPY allocation_in FROM STDIN (FORMAT csv)",
                "INSERT INTO funded_place_allocation AS a (lead_provider_id, cohort, course_identifier, funded_places, updated_at) "
                        + "SELECT lead_provider_id, cohort, course_identifier, funded_places, now() FROM allocation_in "
                        + "ON CONFLICT (lead_provider_id, cohort, course_identifier) DO UPDATE SET funded_places = EXCLUDED.funded_places, "
                        + "updated_at = EXCLUDED.updated_at WHERE a.funded_places IS DISTINCT FROM EXCLUDED.funded_places RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    /** A whole number of places, digits only (no sign, fraction or exponent), or null. */
    static Integer places(String s) {
        String v = s.strip();
        if (!v.matches("^[0-9]{1,7}$")) return null;
        int n = Integer.parseInt(v);
        return n <= MAX_PLACES ? n : null;
    }

    private static UUID uuid(String s) {
        try {
            return s.length() == 36 ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
