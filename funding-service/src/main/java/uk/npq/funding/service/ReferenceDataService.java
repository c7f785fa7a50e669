package uk.npq.funding.service;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import uk.npq.funding.service.ImportResult.Refusal;
import uk.npq.platform.csv.Csv;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.InvalidRows;

/**
 * Imports of reference data. Each import is one transaction (all or nothing) and idempotent (the same
 * file again changes nothing). By default a file with any refused row is refused whole (422, nothing
 * written); with {@code skipInvalidRows} the valid rows are imported and the refused ones reported.
 */
@ApplicationScoped
public class ReferenceDataService {
    public static final List<String> LIST_TYPES = EligibilityLists.TYPES;
    private static final Pattern URN = EligibilityLists.URN;
    private static final Pattern UKPRN = EligibilityLists.UKPRN;
    private static final Pattern OFSTED_URN = EligibilityLists.OFSTED_URN;

    @Inject EntityManager em;
    @Inject AgroalDataSource dataSource;
    @Inject ReferencePublisher publisher;
    @Inject EligibilityLists lists;

    // ---------------------------------------------------------------- GIAS establishments
    private static final String[] GIAS = {"URN", "UKPRN", "EstablishmentName", "TypeOfEstablishment (code)",
            "TypeOfEstablishment (name)", "EstablishmentStatus (code)", "LA (code)", "LA (name)",
            "PhaseOfEducation (code)", "NumberOfPupils"};

    @Transactional
    public ImportResult importEstablishments(java.io.Reader file, boolean skipInvalidRows) {
        Set<Integer> knownTypes = new HashSet<>();
        for (Object code : em.createNativeQuery("SELECT code FROM establishment_type").getResultList()) {
            knownTypes.add(((Number) code).intValue());
        }
        List<Refusal> refused = new ArrayList<>();
        Map<String, Integer> firstLineOfUrn = new HashMap<>();
        StringBuilder copy = new StringBuilder(1 << 20);
        int[] valid = {0}, read = {0};
        Csv csv = Csv.stream(file, row -> {
            read[0]++;
            String problem = establishmentProblem(row, knownTypes, firstLineOfUrn);
            if (problem != null) {
                refused.add(new Refusal(row.line, problem));
                return;
            }
            String pupils = row.get("NumberOfPupils").orElse(null);
            copyLine(copy, row.get("URN").orElseThrow(), row.get("UKPRN").orElse(null), row.get("EstablishmentName").orElseThrow(),
                    String.valueOf(Integer.parseInt(row.get("TypeOfEstablishment (code)").orElseThrow())),
                    row.get("TypeOfEstablishment (name)").orElse(null), row.get("EstablishmentStatus (code)").orElse(null),
                    row.get("LA (code)").orElse(null), row.get("LA (name)").orElse(null),
                    row.get("PhaseOfEducation (code)").orElse(null), pupils == null ? null : String.valueOf(Integer.parseInt(pupils)));
            valid[0]++;
        });
        requireColumns(csv, "URN", "EstablishmentName", "TypeOfEstablishment (code)");
        refuseOrContinue("establishments", read[0], refused, skipInvalidRows);
        int[] counts = upsertViaCopy(
                "CREATE TEMP TABLE establishment_in (urn varchar(10), ukprn varchar(10), name varchar(300), type_code integer, "
                        + "type_name varchar(100), status_code integer, la_code varchar(3), la_name varchar(100), phase_code varchar(2), "
                        + "number_of_pupils integer) ON COMMIT DROP",
                "COPY establishment_in FROM STDIN (FORMAT csv)", copy.toString(),
                "INSERT INTO establishment AS e (urn, ukprn, name, type_code, type_name, status_code, la_code, la_name, phase_code, "
                        + "number_of_pupils, imported_at) SELECT urn, ukprn, name, type_code, type_name, status_code, la_code, la_name, "
                        + "phase_code, number_of_pupils, now() FROM establishment_in "
                        + "ON CONFLICT (urn) DO UPDATE SET ukprn = EXCLUDED.ukprn, name = EXCLUDED.name, type_code = EXCLUDED.type_code, "
                        + "type_name = EXCLUDED.type_name, status_code = EXCLUDED.status_code, la_code = EXCLUDED.la_code, "
                        + "la_name = EXCLUDED.la_name, phase_code = EXCLUDED.phase_code, number_of_pupils = EXCLUDED.number_of_pupils, "
                        + "imported_at = EXCLUDED.imported_at "
                        + "WHERE (e.ukprn, e.name, e.type_code, e.type_name, e.status_code, e.la_code, e.la_name, e.phase_code, e.number_of_pupils) "
                        + "IS DISTINCT FROM (EXCLUDED.ukprn, EXCLUDED.name, EXCLUDED.type_code, EXCLUDED.type_name, EXCLUDED.status_code, "
                        + "EXCLUDED.la_code, EXCLUDED.la_name, EXCLUDED.phase_code, EXCLUDED.number_of_pupils) "
                        + "RETURNING (xmax = 0)");
        return new ImportResult("establishments", read[0], counts[0], counts[1], valid[0] - counts[0] - counts[1],
                null, true, refused);
    }

    /** Why a GIAS row is refused, or null; records the first line of each URN to find duplicates. */
    private static String establishmentProblem(Csv.Row row, Set<Integer> knownTypes, Map<String, Integer> firstLineOfUrn) {
        if (row.malformed()) return "malformed row: " + row.fieldCount() + " fields, the header has " + row.headerSize();
        String urn = row.get("URN").orElse("");
        if (!URN.matcher(urn).matches()) return "URN '" + urn + "' is not a URN";
        Integer previous = firstLineOfUrn.putIfAbsent(urn, row.line);
        if (previous != null) return "duplicate URN " + urn + " (first on line " + previous + ")";
        String typeText = row.get("TypeOfEstablishment (code)").orElse("");
        Integer type = integer(typeText);
        if (type == null || !knownTypes.contains(type)) return "unknown establishment type code '" + typeText + "'";
        if (row.get("EstablishmentName").isEmpty()) return "EstablishmentName is blank";
        String pupils = row.get("NumberOfPupils").orElse(null);
        if (pupils != null && integer(pupils) == null) return "NumberOfPupils '" + pupils + "' is not a number";
        String status = row.get("EstablishmentStatus (code)").orElse(null);
        if (status != null && integer(status) == null) return "EstablishmentStatus (code) '" + status + "' is not a number";
        return null;
    }

    // ---------------------------------------------------------------- providers and local authorities
    @Transactional
    public ImportResult importEarlyYearsProviders(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        requireColumns(csv, "ofsted_urn", "name", "register");
        return simpleImport("early-years-providers", csv, skipInvalidRows, row -> {
            String urn = row.get("ofsted_urn").orElse("");
            if (!OFSTED_URN.matcher(urn).matches()) return "ofsted_urn '" + urn + "' is not an Ofsted URN";
            return row.get("name").isEmpty() ? "name is blank" : row.get("register").isEmpty() ? "register is blank" : null;
        }, row -> row.get("ofsted_urn").orElseThrow(), row -> new String[] {
                row.get("ofsted_urn").orElseThrow(), row.get("name").orElseThrow(), row.get("register").orElseThrow().toUpperCase()},
                "CREATE TEMP TABLE ey_in (ofsted_urn varchar(20), name varchar(300), register varchar(20)) ON COMMIT DROP",
                "COPY ey_in FROM STDIN (FORMAT csv)",
                "INSERT INTO early_years_provider AS p (ofsted_urn, name, register, imported_at) SELECT ofsted_urn, name, register, now() "
                        + "FROM ey_in ON CONFLICT (ofsted_urn) DO UPDATE SET name = EXCLUDED.name, register = EXCLUDED.register, "
                        + "imported_at = EXCLUDED.imported_at WHERE (p.name, p.register) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.register) "
                        + "RETURNING (xmax = 0)");
    }

    @Transactional
    public ImportResult importIttProviders(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        requireColumns(csv, "legal_name", "approved");
        return simpleImport("itt-providers", csv, skipInvalidRows, row -> {
            if (row.get("legal_name").isEmpty()) return "legal_name is blank";
            String approved = row.get("approved").orElse("").toLowerCase();
            return approved.equals("true") || approved.equals("false") ? null : "approved must be true or false";
        }, row -> row.get("legal_name").orElseThrow(), row -> new String[] {
                row.get("legal_name").orElseThrow(), row.get("operating_name").orElse(null), row.get("approved").orElseThrow().toLowerCase()},
                "CREATE TEMP TABLE itt_in (legal_name varchar(300), operating_name varchar(300), approved boolean) ON COMMIT DROP",
                "COPY itt_in FROM STDIN (FORMAT csv)",
                "INSERT INTO itt_provider AS p (legal_name, operating_name, approved, imported_at) SELECT legal_name, operating_name, "
                        + "approved, now() FROM itt_in ON CONFLICT (legal_name) DO UPDATE SET operating_name = EXCLUDED.operating_name, "
                        + "approved = EXCLUDED.approved, imported_at = EXCLUDED.imported_at "
                        + "WHERE (p.operating_name, p.approved) IS DISTINCT FROM (EXCLUDED.operating_name, EXCLUDED.approved) RETURNING (xmax = 0)");
    }

    @Transactional
    public ImportResult importLocalAuthorities(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        requireColumns(csv, "ukprn", "name");
        return simpleImport("local-authorities", csv, skipInvalidRows, row -> {
            String ukprn = row.get("ukprn").orElse("");
            if (!UKPRN.matcher(ukprn).matches()) return "ukprn '" + ukprn + "' is not a UKPRN";
            return row.get("name").isEmpty() ? "name is blank" : null;
        }, row -> row.get("ukprn").orElseThrow(), row -> new String[] {row.get("ukprn").orElseThrow(), row.get("name").orElseThrow()},
                "CREATE TEMP TABLE la_in (ukprn varchar(10), name varchar(200)) ON COMMIT DROP",
                "COPY la_in FROM STDIN (FORMAT csv)",
                "INSERT INTO local_authority AS l (ukprn, name, imported_at) SELECT ukprn, name, now() FROM la_in "
                        + "ON CONFLICT (ukprn) DO UPDATE SET name = EXCLUDED.name, imported_at = EXCLUDED.imported_at "
                        + "WHERE l.name IS DISTINCT FROM EXCLUDED.name RETURNING (xmax = 0)");
    }

    // ---------------------------------------------------------------- cohorts and schedules
    private static final Pattern COHORT = Pattern.compile("^(20[2-9][0-9])([a-z])$");
    private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    private static final Set<String> DECLARATION_TYPES = Set.of("started", "retained-1", "retained-2", "completed");

    /**
     * Cohorts (identifier, description, registration_start_date, funding, rule_set): new ones are added,
     * existing ones updated; a cohort's funding type cannot change once it has applications (section b).
     */
    @Transactional
    public ImportResult importCohorts(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        requireColumns(csv, "identifier", "description", "registration_start_date", "funding", "rule_set");
        ImportResult result = simpleImport("cohorts", csv, skipInvalidRows, row -> {
            var m = COHORT.matcher(row.get("identifier").orElse(""));
            if (!m.matches()) return "identifier must be a start year and a suffix letter, e.g. 2026b";
            String description = row.get("description").orElse("");
            if (description.length() < 5 || description.length() > 50) return "description must be 5 to 50 characters";
            String start = row.get("registration_start_date").orElse("");
            if (!DATE.matcher(start).matches()) return "registration_start_date must be YYYY-MM-DD";
            if (!start.startsWith(m.group(1))) return "registration_start_date must fall in the cohort's start year";
            String funding = row.get("funding").orElse("");
            if (!Set.of("zero", "capped", "full").contains(funding)) return "funding must be zero, capped or full";
            if (uk.npq.funding.domain.RuleSet.byId(row.get("rule_set").orElse("")).isEmpty()) return "rule_set is not a known rule set";
            Object current = em.createNativeQuery("SELECT funding FROM cohort WHERE identifier = ?1").setParameter(1, m.group())
                    .getResultStream().findFirst().orElse(null);
            if (current != null && !current.equals(funding) && ((Number) em.createNativeQuery(
                    "SELECT count(*) FROM application_funding WHERE cohort = ?1").setParameter(1, m.group()).getSingleResult()).longValue() > 0) {
                return "the funding of cohort " + m.group() + " cannot change: it has applications";
            }
            return null;
        }, row -> row.get("identifier").orElseThrow(), row -> {
            var m = COHORT.matcher(row.get("identifier").orElseThrow());
            m.matches();
            return new String[] {m.group(), m.group(1), m.group(2), row.get("description").orElseThrow(),
                    row.get("registration_start_date").orElseThrow(), row.get("funding").orElseThrow(), row.get("rule_set").orElseThrow()};
        },
                "CREATE TEMP TABLE cohort_in (identifier varchar(5), start_year integer, suffix char(1), description varchar(50), "
                        + "registration_start_date date, funding varchar(10), rule_set varchar(30)) ON COMMIT DROP",
                "COPY cohort_in FROM STDIN (FORMAT csv)",
                "INSERT INTO cohort AS c (identifier, start_year, suffix, description, registration_start_date, funding, rule_set) "
                        + "SELECT * FROM cohort_in ON CONFLICT (identifier) DO UPDATE SET description = EXCLUDED.description, "
                        + "registration_start_date = EXCLUDED.registration_start_date, funding = EXCLUDED.funding, rule_set = EXCLUDED.rule_set "
                        + "WHERE (c.description, c.registration_start_date, c.funding, c.rule_set) IS DISTINCT FROM "
                        + "(EXCLUDED.description, EXCLUDED.registration_start_date, EXCLUDED.funding, EXCLUDED.rule_set) RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    /**
     * Schedules (cohort, identifier, name, course_group, applies_from, applies_to, allowed_declaration_types
     * space-separated, acceptance_window_start, acceptance_window_end): the acceptance windows choose a
     * schedule on accept (f3), so they are data an admin keeps current, not code patched every season.
     */
    @Transactional
    public ImportResult importSchedules(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        requireColumns(csv, "cohort", "identifier", "name", "course_group", "applies_from", "allowed_declaration_types");
        Set<String> cohorts = new HashSet<>();
        for (Object c : em.createNativeQuery("SELECT identifier FROM cohort").getResultList()) cohorts.add((String) c);
        ImportResult result = simpleImport("schedules", csv, skipInvalidRows, row -> {
            if (!cohorts.contains(row.get("cohort").orElse(""))) return "cohort '" + row.get("cohort").orElse("") + "' does not exist";
            if (!row.get("identifier").orElse("").matches("^npq-[a-z0-9-]+$")) return "identifier must look like npq-leadership-autumn";
            if (row.get("name").isEmpty()) return "name is blank";
            String group = row.get("course_group").orElse("");
            if (!Set.of("leadership", "specialist", "ehco", "support").contains(group)) return "course_group must be leadership, specialist, ehco or support";
            for (String col : List.of("applies_from", "applies_to", "acceptance_window_start", "acceptance_window_end")) {
                String v = row.get(col).orElse(null);
                if (v != null && !DATE.matcher(v).matches()) return col + " must be YYYY-MM-DD";
            }
            String ws = row.get("acceptance_window_start").orElse(null), we = row.get("acceptance_window_end").orElse(null);
            if ((ws == null) != (we == null)) return "give both acceptance_window_start and acceptance_window_end, or neither";
            if (ws != null && ws.compareTo(we) > 0) return "acceptance_window_start is after acceptance_window_end";
            String[] types = row.get("allowed_declaration_types").orElse("").split("\\s+");
            for (String t : types) if (!DECLARATION_TYPES.contains(t)) return "allowed_declaration_types has an unknown type '" + t + "'";
            return null;
        }, row -> row.get("cohort").orElseThrow() + "/" + row.get("identifier").orElseThrow(), row -> new String[] {
                row.get("cohort").orElseThrow(), row.get("identifier").orElseThrow(), row.get("name").orElseThrow(),
                row.get("course_group").orElseThrow(), row.get("applies_from").orElseThrow(), row.get("applies_to").orElse(null),
                "{" + String.join(",", row.get("allowed_declaration_types").orElseThrow().split("\\s+")) + "}",
                row.get("acceptance_window_start").orElse(null), row.get("acceptance_window_end").orElse(null)},
                "CREATE TEMP TABLE schedule_in (cohort varchar(5), identifier varchar(50), name varchar(100), course_group varchar(20), "
                        + "applies_from date, applies_to date, allowed_declaration_types varchar(20)[], acceptance_window_start date, "
                        + "acceptance_window_end date) ON COMMIT DROP",
                "COPY schedule_in FROM STDIN (FORMAT csv)",
                "INSERT INTO schedule AS s SELECT * FROM schedule_in ON CONFLICT (cohort, identifier) DO UPDATE SET name = EXCLUDED.name, "
                        + "course_group = EXCLUDED.course_group, applies_from = EXCLUDED.applies_from, applies_to = EXCLUDED.applies_to, "
                        + "allowed_declaration_types = EXCLUDED.allowed_declaration_types, acceptance_window_start = EXCLUDED.acceptance_window_start, "
                        + "acceptance_window_end = EXCLUDED.acceptance_window_end WHERE (s.name, s.course_group, s.applies_from, s.applies_to, "
                        + "s.allowed_declaration_types, s.acceptance_window_start, s.acceptance_window_end) IS DISTINCT FROM (EXCLUDED.name, "
                        + "EXCLUDED.course_group, EXCLUDED.applies_from, EXCLUDED.applies_to, EXCLUDED.allowed_declaration_types, "
                        + "EXCLUDED.acceptance_window_start, EXCLUDED.acceptance_window_end) RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    // ---------------------------------------------------------------- eligibility lists
    /**
     * Replaces a list with a new version, unless it is identical to the current one (then nothing changes
     * and the current version is answered). One identifier a line, or a CSV whose header names the column.
     */
    @Transactional
    public ImportResult importEligibilityList(String type, String text, boolean skipInvalidRows, String uploadedBy) {
        return importEligibilityList(type, text, skipInvalidRows, uploadedBy, null, false);
    }

    /**
     * As above, conditional on the version the client read ({@code ifMatch}: 412 when stale); with
     * {@code ifMatchRequired} a list that already has a version is not replaced blind (428).
     */
    @Transactional
    public ImportResult importEligibilityList(String type, String text, boolean skipInvalidRows, String uploadedBy,
                                              EligibilityLists.IfMatch ifMatch, boolean ifMatchRequired) {
        EligibilityLists.requireType(type);
        Pattern pattern = EligibilityLists.pattern(type);
        String column = type.equals("pp50-further-education") ? "UKPRN" : "URN";
        List<String[]> lines = new ArrayList<>(); // [line, identifier]
        Csv csv = Csv.parse(text);
        boolean headed = !csv.header().isEmpty() && (csv.hasColumn(column) || csv.hasColumn("identifier")
                || csv.hasColumn("ofsted_urn") || !pattern.matcher(csv.header().get(0)).matches());
        if (headed) {
            String col = csv.hasColumn(column) ? column : csv.hasColumn("identifier") ? "identifier"
                    : csv.hasColumn("ofsted_urn") ? "ofsted_urn" : null;
            if (col == null) throw Problems.unprocessable("file", "The list needs a column named " + column + " (or identifier).");
            for (Csv.Row r : csv.rows()) lines.add(new String[] {String.valueOf(r.line), r.get(col).orElse("")});
        } else {
            String[] raw = text.split("\\R");
            for (int i = 0; i < raw.length; i++) {
                if (!raw[i].isBlank()) lines.add(new String[] {String.valueOf(i + 1), raw[i].split(",")[0].strip()});
            }
        }
        List<Refusal> refused = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String[] l : lines) {
            String id = l[1].toUpperCase();
            if (!pattern.matcher(id).matches()) refused.add(new Refusal(Integer.parseInt(l[0]), "'" + l[1] + "' is not a valid " + column));
            else ids.add(id);
        }
        refuseOrContinue(type, lines.size(), refused, skipInvalidRows);
        EligibilityLists.Change change = lists.replace(type, ids, uploadedBy, ifMatch, ifMatchRequired);
        return change.applied()
                ? new ImportResult(type, lines.size(), ids.size(), 0, 0, change.version(), true, refused)
                : new ImportResult(type, lines.size(), 0, 0, ids.size(), change.version(), false, refused);
    }

    /** The current version of every list (absent lists are version 0: empty). */
    public Map<String, Integer> currentListVersions() {
        Map<String, Integer> versions = new HashMap<>();
        LIST_TYPES.forEach(t -> versions.put(t, 0));
        for (Object r : em.createNativeQuery("SELECT list_type, max(version) FROM eligibility_list_version GROUP BY list_type").getResultList()) {
            Object[] row = (Object[]) r;
            versions.put((String) row[0], ((Number) row[1]).intValue());
        }
        return versions;
    }

    // ---------------------------------------------------------------- shared steps
    interface RowCheck { String problem(Csv.Row row); }
    interface RowKey { String key(Csv.Row row); }
    interface RowValues { String[] values(Csv.Row row); }

    /**
     * Checks every row, refuses the file (or skips the refused rows), then COPYs the valid rows into
     * {@code tempTable} and runs {@code upsert}, which answers true per inserted row.
     */
    ImportResult simpleImport(String dataset, Csv csv, boolean skipInvalidRows, RowCheck check, RowKey key,
                                      RowValues values, String tempTable, String copySql, String upsert) {
        List<Refusal> refused = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        StringBuilder copy = new StringBuilder();
        int valid = 0;
        for (Csv.Row row : csv.rows()) {
            if (row.malformed()) { refused.add(new Refusal(row.line, "malformed row: " + row.fieldCount() + " fields, the header has " + row.headerSize())); continue; }
            String problem = check.problem(row);
            if (problem != null) { refused.add(new Refusal(row.line, problem)); continue; }
            Integer first = seen.putIfAbsent(key.key(row), row.line);
            if (first != null) { refused.add(new Refusal(row.line, "duplicate " + key.key(row) + " (first on line " + first + ")")); continue; }
            copyLine(copy, values.values(row));
            valid++;
        }
        refuseOrContinue(dataset, csv.rows().size(), refused, skipInvalidRows);
        int[] counts = upsertViaCopy(tempTable, copySql, copy.toString(), upsert);
        return new ImportResult(dataset, csv.rows().size(), counts[0], counts[1], valid - counts[0] - counts[1], null, true, refused);
    }

    static void requireColumns(Csv csv, String... columns) {
        var errors = Problems.errors();
        for (String c : columns) if (!csv.hasColumn(c)) errors.add("file", "The file has no column \"" + c + "\".");
        errors.throwIfAny();
    }

    /** Refuses the whole import (422, listing every refused row) unless the caller asked to skip them. */
    private static void refuseOrContinue(String dataset, int rows, List<Refusal> refused, boolean skipInvalidRows) {
        InvalidRows.refuseUnlessSkipping(skipInvalidRows, refused.stream().map(r -> new ApiError("line " + r.line(), r.reason())).toList(),
                new ApiError("file", "Nothing was imported: " + refused.size() + " of " + rows + " rows of " + dataset
                        + " were refused. Fix them, or send ?on_invalid_rows=skip to import the others."));
    }

    /** COPY into a temporary table, then one upsert that answers true per inserted row: {inserted, updated}. */
    private int[] upsertViaCopy(String tempTable, String copySql, String rows, String upsert) {
        // within the JTA transaction Agroal hands back the connection Hibernate uses, so this all commits together
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute(tempTable);
            }
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new StringReader(rows));
            int inserted = 0, updated = 0;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(upsert)) {
                while (r.next()) { if (r.getBoolean(1)) inserted++; else updated++; }
            }
            return new int[] {inserted, updated};
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("import failed", e);
        }
    }

    private static void copyLine(StringBuilder out, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.append(',');
            String v = values[i];
            if (v != null) out.append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        out.append('\n');
    }

    /** A whole number in a CSV cell, or null. */
    static Integer integer(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
