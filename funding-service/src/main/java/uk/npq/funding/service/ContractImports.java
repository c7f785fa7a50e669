package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.funding.domain.ContractDefaults;
import uk.npq.funding.domain.Course;
import uk.npq.platform.csv.Csv;

/**
 * Imports of what a lead provider is contracted for: course offers (which courses it delivers in which
 * cohort), payment statements and contracts. They follow the other reference imports (all or nothing
 * unless refused rows are skipped, idempotent, published to other services when a row changes).
 */
@ApplicationScoped
public class ContractImports {
    private static final List<String> STATES = List.of("open", "payable", "paid");

    @Inject ReferenceDataService reference;
    @Inject ReferencePublisher publisher;
    @Inject EntityManager em;
    @Inject CourseCatalogue courses;

    /** lead-providers: id, name (the name the DfE v3 API shows as lead_provider_name). */
    @Transactional
    public ImportResult importLeadProviders(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        ReferenceDataService.requireColumns(csv, "id", "name");
        ImportResult result = reference.simpleImport("lead-providers", csv, skipInvalidRows, row -> {
            String id = row.get("id").orElse("");
            if (uuid(id) == null) return "id '" + id + "' is not a UUID";
            String name = row.get("name").orElse("").strip();
            if (name.isEmpty()) return "name is blank";
            return name.length() > 200 ? "name is longer than 200 characters" : null;
        }, row -> row.get("id").orElseThrow().toLowerCase(), row -> new String[] {
                row.get("id").orElseThrow().toLowerCase(), row.get("name").orElseThrow().strip()},
                "CREATE TEMP TABLE lead_provider_in (id uuid, name varchar(200)) ON COMMIT DROP",
                "COPY lead_provider_in FROM STDIN (FORMAT csv)",
                "INSERT INTO lead_provider AS l (id, name, updated_at) SELECT id, name, now() FROM lead_provider_in "
                        + "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at "
                        + "WHERE l.name IS DISTINCT FROM EXCLUDED.name RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    /** course-offers: lead_provider_id, cohort, course_identifier, offered (true by default; false withdraws the offer). */
    @Transactional
    public ImportResult importCourseOffers(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        ReferenceDataService.requireColumns(csv, "lead_provider_id", "cohort", "course_identifier");
        Set<String> cohorts = cohorts();
        ImportResult result = reference.simpleImport("course-offers", csv, skipInvalidRows, row -> {
            String problem = providerCohortCourse(row, cohorts);
            if (problem != null) return problem;
            return bool(row.get("offered").orElse("true")) == null ? "offered must be true or false" : null;
        }, ContractImports::providerCohortCourseKey, row -> new String[] {
                row.get("lead_provider_id").orElseThrow().toLowerCase(), row.get("cohort").orElseThrow(),
                row.get("course_identifier").orElseThrow(), bool(row.get("offered").orElse("true")).toString()},
                "CREATE TEMP TABLE offer_in (lead_provider_id uuid, cohort varchar(5), course_identifier varchar(60), offered boolean) ON COMMIT DROP",
                "COPY offer_in FROM STDIN (FORMAT csv)",
                "INSERT INTO course_offer AS o (lead_provider_id, cohort, course_identifier, offered, updated_at) "
                        + "SELECT lead_provider_id, cohort, course_identifier, offered, now() FROM offer_in "
                        + "ON CONFLICT (lead_provider_id, cohort, course_identifier) DO UPDATE SET offered = EXCLUDED.offered, "
                        + "updated_at = EXCLUDED.updated_at WHERE o.offered IS DISTINCT FROM EXCLUDED.offered RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    /**
     * statements: lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, state
     * (open by default). A statement is known by provider, cohort, year and month and keeps its id. Its state
     * only moves forward (open, payable, paid); a payable statement may change only its state and output_fee,
     * a paid one nothing (section b; pain point 12: statements edited after payment).
     */
    @Transactional
    public ImportResult importStatements(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        ReferenceDataService.requireColumns(csv, "lead_provider_id", "cohort", "year", "month", "deadline_date", "payment_date", "output_fee");
        Set<String> cohorts = cohorts();
        ImportResult result = reference.simpleImport("statements", csv, skipInvalidRows, row -> {
            String lp = row.get("lead_provider_id").orElse("");
            if (uuid(lp) == null) return "lead_provider_id '" + lp + "' is not a UUID";
            if (!cohorts.contains(row.get("cohort").orElse(""))) return "cohort '" + row.get("cohort").orElse("") + "' does not exist";
            Integer year = integer(row.get("year").orElse("")), month = integer(row.get("month").orElse(""));
            if (year == null || year < 2020 || year > 2100) return "year must be a year such as 2026";
            if (month == null || month < 1 || month > 12) return "month must be 1 to 12";
            LocalDate deadline = date(row.get("deadline_date").orElse("")), payment = date(row.get("payment_date").orElse(""));
            if (deadline == null) return "deadline_date must be a date, YYYY-MM-DD";
            if (payment == null) return "payment_date must be a date, YYYY-MM-DD";
            if (payment.isBefore(deadline)) return "payment_date must be on or after deadline_date";
            Boolean outputFee = bool(row.get("output_fee").orElse(""));
            if (outputFee == null) return "output_fee must be true or false";
            String state = row.get("state").orElse(null);
            if (state != null && !STATES.contains(state)) return "state must be open, payable or paid";
            return frozenProblem(UUID.fromString(lp), row.get("cohort").orElseThrow(), year, month, deadline, payment, outputFee, state);
        }, row -> row.get("lead_provider_id").orElseThrow().toLowerCase() + "/" + row.get("cohort").orElseThrow() + "/"
                + integer(row.get("year").orElseThrow()) + "/" + integer(row.get("month").orElseThrow()), row -> new String[] {
                row.get("lead_provider_id").orElseThrow().toLowerCase(), row.get("cohort").orElseThrow(),
                integer(row.get("year").orElseThrow()).toString(), integer(row.get("month").orElseThrow()).toString(),
                row.get("deadline_date").orElseThrow(), row.get("payment_date").orElseThrow(),
                bool(row.get("output_fee").orElseThrow()).toString(), row.get("state").orElse(null)},
                "CREATE TEMP TABLE statement_in (lead_provider_id uuid, cohort varchar(5), year integer, month integer, "
                        + "deadline_date date, payment_date date, output_fee boolean, state varchar(10)) ON COMMIT DROP",
                "COPY statement_in FROM STDIN (FORMAT csv)",
                "WITH src AS (SELECT i.*, s.id AS existing_id, s.state AS existing_state FROM statement_in i LEFT JOIN statement s "
                        + "USING (lead_provider_id, cohort, year, month)) "
                        + "INSERT INTO statement AS s (id, lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, state, "
                        + "created_at, updated_at) SELECT coalesce(existing_id, gen_random_uuid()), lead_provider_id, cohort, year, month, "
                        + "deadline_date, payment_date, output_fee, coalesce(state, existing_state, 'open'), now(), now() FROM src "
                        + "ON CONFLICT (lead_provider_id, cohort, year, month) DO UPDATE SET deadline_date = EXCLUDED.deadline_date, "
                        + "payment_date = EXCLUDED.payment_date, output_fee = EXCLUDED.output_fee, state = EXCLUDED.state, "
                        + "updated_at = EXCLUDED.updated_at WHERE (s.deadline_date, s.payment_date, s.output_fee, s.state) IS DISTINCT FROM "
                        + "(EXCLUDED.deadline_date, EXCLUDED.payment_date, EXCLUDED.output_fee, EXCLUDED.state) RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    /** Why changing an existing statement this way is refused, or null (also when it is new). */
    private String frozenProblem(UUID lp, String cohort, int year, int month, LocalDate deadline, LocalDate payment,
                                 boolean outputFee, String state) {
        List<?> rows = em.createNativeQuery("SELECT state, deadline_date, payment_date, output_fee FROM statement "
                        + "WHERE lead_provider_id = ?1 AND cohort = ?2 AND year = ?3 AND month = ?4")
                .setParameter(1, lp).setParameter(2, cohort).setParameter(3, year).setParameter(4, month).getResultList();
        if (rows.isEmpty()) return null;
        Object[] current = (Object[]) rows.get(0);
        String currentState = (String) current[0];
        if (state != null && STATES.indexOf(state) < STATES.indexOf(currentState)) {
            return "the statement is " + currentState + ": its state cannot go back to " + state;
        }
        boolean datesChange = !deadline.equals(localDate(current[1])) || !payment.equals(localDate(current[2]));
        if (currentState.equals("paid") && (datesChange || outputFee != (Boolean) current[3])) {
            return "the statement is paid: it cannot change";
        }
        if (currentState.equals("payable") && datesChange) return "the statement is payable: only its state and output_fee may change";
        return null;
    }

    /**
     * contracts: lead_provider_id, cohort, course_identifier, recruitment_target, per_participant,
     * service_fee_installments, and optionally special_course, monthly_service_fee, output_payment_percentage,
     * service_fee_percentage, number_of_payment_periods, targeted_delivery_funding_per_participant. A contract
     * applies to every statement of its provider and cohort, so the statements come first; it cannot change
     * once one of them is payable or paid (a change then needs a new contract, section b).
     */
    @Transactional
    public ImportResult importContracts(String text, boolean skipInvalidRows) {
        Csv csv = Csv.parse(text);
        ReferenceDataService.requireColumns(csv, "lead_provider_id", "cohort", "course_identifier", "recruitment_target",
                "per_participant", "service_fee_installments");
        Set<String> cohorts = cohorts();
        Function<Csv.Row, String[]> values = row -> {
            // what the upload leaves out is the DfE bulk upload's default for the course group
            ContractDefaults d = courses.course(row.get("course_identifier").orElseThrow())
                    .map(c -> ContractDefaults.forGroup(Course.Group.of(c.group())))
                    .orElse(new ContractDefaults(60, 4, 40));
            return new String[] {
                row.get("lead_provider_id").orElseThrow().toLowerCase(), row.get("cohort").orElseThrow(), row.get("course_identifier").orElseThrow(),
                row.get("recruitment_target").orElseThrow(), row.get("per_participant").orElseThrow(),
                row.get("output_payment_percentage").orElse(String.valueOf(d.outputPaymentPercentage())),
                row.get("number_of_payment_periods").orElse(String.valueOf(d.numberOfPaymentPeriods())),
                row.get("service_fee_percentage").orElse(String.valueOf(d.serviceFeePercentage())), row.get("service_fee_installments").orElseThrow(),
                row.get("monthly_service_fee").orElse(null), row.get("targeted_delivery_funding_per_participant").orElse("100.0"),
                bool(row.get("special_course").orElse("false")).toString()};
        };
        ImportResult result = reference.simpleImport("contracts", csv, skipInvalidRows, row -> {
            String problem = providerCohortCourse(row, cohorts);
            if (problem != null) return problem;
            for (var positive : Map.of("recruitment_target", true, "service_fee_installments", true, "number_of_payment_periods", false).entrySet()) {
                String v = row.get(positive.getKey()).orElse(null);
                if ((v != null || positive.getValue()) && (v == null || integer(v) == null || integer(v) <= 0)) {
                    return positive.getKey() + " must be a whole number above 0";
                }
            }
            for (String percent : List.of("output_payment_percentage", "service_fee_percentage")) {
                String v = row.get(percent).orElse(null);
                if (v != null && (integer(v) == null || integer(v) < 0 || integer(v) > 100)) return percent + " must be 0 to 100";
            }
            for (String money : List.of("per_participant", "monthly_service_fee", "targeted_delivery_funding_per_participant")) {
                String v = row.get(money).orElse(null);
                if (v == null && !money.equals("per_participant")) continue;
                BigDecimal amount = money(v);
                if (amount == null || amount.signum() < 0 || money.equals("per_participant") && amount.signum() == 0) {
                    return money + " must be an amount in pounds with at most 2 decimals" + (money.equals("per_participant") ? ", above 0" : "");
                }
            }
            if (bool(row.get("special_course").orElse("false")) == null) return "special_course must be true or false";
            UUID lp = UUID.fromString(row.get("lead_provider_id").orElseThrow());
            String cohort = row.get("cohort").orElseThrow();
            List<?> states = em.createNativeQuery("SELECT DISTINCT state FROM statement WHERE lead_provider_id = ?1 AND cohort = ?2")
                    .setParameter(1, lp).setParameter(2, cohort).getResultList();
            if (states.isEmpty()) return "the lead provider has no statements for cohort " + cohort + ": import its statements first";
            if (states.contains("payable") || states.contains("paid")) {
                String[] v = values.apply(row);
                long same = ((Number) em.createNativeQuery("SELECT count(*) FROM contract WHERE lead_provider_id = ?1 AND cohort = ?2 "
                        + "AND course_identifier = ?3 AND (recruitment_target, per_participant, output_payment_percentage, number_of_payment_periods, "
                        + "service_fee_percentage, service_fee_installments, monthly_service_fee, targeted_delivery_funding_per_participant, "
                        + "special_course) IS NOT DISTINCT FROM (CAST(?4 AS integer), CAST(?5 AS numeric), CAST(?6 AS integer), "
                        + "CAST(?7 AS integer), CAST(?8 AS integer), CAST(?9 AS integer), CAST(?10 AS numeric), CAST(?11 AS numeric), "
                        + "CAST(?12 AS boolean))").setParameter(1, lp).setParameter(2, cohort).setParameter(3, v[2]).setParameter(4, v[3])
                        .setParameter(5, v[4]).setParameter(6, v[5]).setParameter(7, v[6]).setParameter(8, v[7]).setParameter(9, v[8])
                        .setParameter(10, v[9]).setParameter(11, v[10]).setParameter(12, v[11]).getSingleResult()).longValue();
                if (same == 0) return "a statement of cohort " + cohort + " is payable or paid: its contracts cannot change";
            }
            return null;
        }, ContractImports::providerCohortCourseKey, values::apply,
                "CREATE TEMP TABLE contract_in (lead_provider_id uuid, cohort varchar(5), course_identifier varchar(60), recruitment_target integer, "
                        + "per_participant numeric(10, 2), output_payment_percentage integer, number_of_payment_periods integer, "
                        + "service_fee_percentage integer, service_fee_installments integer, monthly_service_fee numeric(10, 2), "
                        + "targeted_delivery_funding_per_participant numeric(10, 2), special_course boolean) ON COMMIT DROP",
                "COPY contract_in FROM STDIN (FORMAT csv)",
                "INSERT INTO contract AS c SELECT *, now() FROM contract_in ON CONFLICT (lead_provider_id, cohort, course_identifier) "
                        + "DO UPDATE SET recruitment_target = EXCLUDED.recruitment_target, per_participant = EXCLUDED.per_participant, "
                        + "output_payment_percentage = EXCLUDED.output_payment_percentage, number_of_payment_periods = EXCLUDED.number_of_payment_periods, "
                        + "service_fee_percentage = EXCLUDED.service_fee_percentage, service_fee_installments = EXCLUDED.service_fee_installments, "
                        + "monthly_service_fee = EXCLUDED.monthly_service_fee, "
                        + "targeted_delivery_funding_per_participant = EXCLUDED.targeted_delivery_funding_per_participant, "
                        + "special_course = EXCLUDED.special_course, updated_at = EXCLUDED.updated_at "
                        + "WHERE (c.recruitment_target, c.per_participant, c.output_payment_percentage, c.number_of_payment_periods, "
                        + "c.service_fee_percentage, c.service_fee_installments, c.monthly_service_fee, c.targeted_delivery_funding_per_participant, "
                        + "c.special_course) IS DISTINCT FROM (EXCLUDED.recruitment_target, EXCLUDED.per_participant, "
                        + "EXCLUDED.output_payment_percentage, EXCLUDED.number_of_payment_periods, EXCLUDED.service_fee_percentage, "
                        + "EXCLUDED.service_fee_installments, EXCLUDED.monthly_service_fee, EXCLUDED.targeted_delivery_funding_per_participant, "
                        + "EXCLUDED.special_course) RETURNING (xmax = 0)");
        publisher.publishChanges();
        return result;
    }

    private Set<String> cohorts() {
        Set<String> cohorts = new HashSet<>();
        for (Object c : em.createNativeQuery("SELECT identifier FROM cohort").getResultList()) cohorts.add((String) c);
        return cohorts;
    }

    private String providerCohortCourse(Csv.Row row, Set<String> cohorts) {
        String lp = row.get("lead_provider_id").orElse("");
        if (uuid(lp) == null) return "lead_provider_id '" + lp + "' is not a UUID";
        if (!cohorts.contains(row.get("cohort").orElse(""))) return "cohort '" + row.get("cohort").orElse("") + "' does not exist";
        String course = row.get("course_identifier").orElse("");
        return courses.exists(course) ? null : "course_identifier '" + course + "' is not a course";
    }

    private static String providerCohortCourseKey(Csv.Row row) {
        return row.get("lead_provider_id").orElseThrow().toLowerCase() + "/" + row.get("cohort").orElseThrow() + "/"
                + row.get("course_identifier").orElseThrow();
    }

    private static UUID uuid(String s) {
        try {
            return s.length() == 36 ? UUID.fromString(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer integer(String s) {
        return ReferenceDataService.integer(s);
    }

    private static Boolean bool(String s) {
        return switch (s.strip().toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static LocalDate date(String s) {
        try {
            return s.matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") ? LocalDate.parse(s) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal money(String s) {
        try {
            BigDecimal amount = new BigDecimal(s.strip());
            return amount.scale() <= 2 && amount.abs().compareTo(new BigDecimal("99999999")) < 0 ? amount : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate localDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
