package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import uk.npq.funding.domain.ContractTerms;
import uk.npq.funding.domain.CourseBreakdown;
import uk.npq.funding.domain.CourseCounts;
import uk.npq.funding.domain.StatementBreakdown;
import uk.npq.funding.domain.StatementCalculator;
import uk.npq.funding.domain.StatementFacts;
import uk.npq.platform.problem.Problems;

/**
 * What finance reads about a statement (i1, i2): the breakdown by course with the DfE's arithmetic
 * ({@link StatementCalculator}, fed by two set-based queries: the statement's contract terms and its item counts per
 * course), its adjustments and voided declarations, and the assurance report (one CSV row per declaration on it).
 */
@ApplicationScoped
public class StatementReports {
    private static final StatementCalculator CALCULATOR = new StatementCalculator();
    /** A declaration's items on statement ?1: billable (eligible, payable, paid; a clawed-back one stays paid), refundable. */
    private static final String BILLABLE = "(ds.statement_id = ?1 AND ds.state IN ('eligible', 'payable', 'paid', 'awaiting_clawback', 'clawed_back'))";
    private static final String REFUNDABLE = "(ds.clawback_statement_id = ?1 AND ds.state IN ('awaiting_clawback', 'clawed_back'))";
    private static final String TDF = "coalesce(af.eligible_for_funding, false) AND coalesce(fd.targeted_delivery_funding, false)";

    @Inject EntityManager em;
    @Inject DataSource dataSource;

    @Transactional
    public Map<String, Object> breakdown(UUID statementId) {
        Object[] s = statement(statementId);
        @SuppressWarnings("unchecked")
        List<Object[]> adjustments = em.createNativeQuery("SELECT id::text, description, amount, created_at FROM adjustment WHERE statement_id = ?1 "
                + "ORDER BY created_at, id").setParameter(1, statementId).getResultList();
        BigDecimal adjustmentTotal = adjustments.stream().map(a -> (BigDecimal) a[2]).reduce(BigDecimal.ZERO, BigDecimal::add);
        StatementFacts facts = new StatementFacts(((Number) s[3]).intValue(), ((Number) s[4]).intValue(), ((Number) s[11]).intValue(),
                adjustmentTotal, (BigDecimal) s[10]);

        Map<String, CourseCounts> counts = counts(statementId);
        List<StatementCalculator.CourseInput> inputs = new ArrayList<>();
        for (ContractTerms terms : terms(statementId)) {
            inputs.add(new StatementCalculator.CourseInput(terms, counts.getOrDefault(terms.courseIdentifier(), CourseCounts.NONE)));
        }
        StatementBreakdown b = CALCULATOR.calculate(facts, inputs);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", statementId.toString());
        out.put("lead_provider_id", s[0].toString());
        out.put("cohort", s[1]);
        out.put("name", Month.of(facts.month()).getDisplayName(TextStyle.FULL, Locale.UK) + " " + facts.year());
        out.put("year", facts.year());
        out.put("month", facts.month());
        out.put("deadline_date", s[5].toString());
        out.put("payment_date", s[6].toString());
        out.put("output_fee", s[7]);
        out.put("state", s[8]);
        out.put("marked_as_paid_at", s[9] == null ? null : Payments.instant(s[9]).toString());
        out.put("targeted_delivery_funding", b.targetedDeliveryFunding());
        List<Map<String, Object>> courses = new ArrayList<>();
        for (CourseBreakdown c : b.courses()) {
            CourseBreakdown.Shown shown = c.shown();
            CourseCounts n = c.counts();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("course_identifier", c.courseIdentifier());
            m.put("special_course", c.specialCourse());
            m.put("started", n.started());
            m.put("retained_1", n.retained1());
            m.put("retained_2", n.retained2());
            m.put("completed", n.completed());
            m.put("billable", n.billable());
            m.put("refundable", n.refundable());
            m.put("not_eligible", n.notEligible());
            m.put("voided", n.voided());
            m.put("output_payment_per_participant", money(shown.outputPaymentPerParticipant()));
            m.put("output_payment_subtotal", money(shown.outputPaymentSubtotal()));
            m.put("service_fee_per_participant", money(shown.serviceFeePerParticipant()));
            m.put("monthly_service_fee", money(shown.monthlyServiceFee()));
            m.put("clawbacks", money(shown.clawbacks()));
            m.put("targeted_delivery_funding", money(shown.targetedDeliveryFundingSubtotal()));
            m.put("targeted_delivery_funding_refund", money(shown.targetedDeliveryFundingRefund()));
            m.put("course_total", money(shown.courseTotal()));
            courses.add(m);
        }
        out.put("courses", courses);
        StatementBreakdown.Shown t = b.shown();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("service_fees", money(t.totalServiceFees()));
        totals.put("output_payments", money(t.totalOutputPayment()));
        totals.put("targeted_delivery_funding", money(t.totalTargetedDeliveryFunding()));
        totals.put("clawbacks", money(t.totalClawbacks()));
        totals.put("adjustments", money(t.adjustments()));
        totals.put("reconcile_amount", money(t.reconcileAmount()));
        totals.put("total", money(t.total()));
        totals.put("starts", b.totalStarts());
        totals.put("retained", b.totalRetained());
        totals.put("completed", b.totalCompleted());
        totals.put("voided", b.totalVoided());
        out.put("totals", totals);
        out.put("adjustments", adjustments.stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", a[0]);
            m.put("description", a[1]);
            m.put("amount", money((BigDecimal) a[2]));
            m.put("created_at", Payments.instant(a[3]).toString());
            return m;
        }).toList());
        @SuppressWarnings("unchecked")
        List<Object[]> voided = em.createNativeQuery("SELECT ds.declaration_id::text, ds.participant_id::text, ds.course_identifier, "
                + "ds.declaration_type, ds.declaration_date FROM declaration_state ds WHERE ds.statement_id = ?1 AND ds.state = 'voided' "
                + "ORDER BY ds.declaration_date, ds.declaration_id").setParameter(1, statementId).getResultList();
        out.put("voided_declarations", voided.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("declaration_id", v[0]);
            m.put("participant_id", v[1]);
            m.put("course_identifier", v[2]);
            m.put("declaration_type", v[3]);
            m.put("declaration_date", v[4] == null ? null : Payments.instant(v[4]).toString());
            return m;
        }).toList());
        return out;
    }

    /** {lead_provider_id, cohort, _, year, month, deadline, payment, output_fee, state, marked_as_paid_at, reconcile, start_year}; 404 when none. */
    @Transactional
    public Object[] statement(UUID statementId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT s.lead_provider_id, s.cohort, NULL, s.year, s.month, s.deadline_date, s.payment_date, "
                + "s.output_fee, s.state, s.marked_as_paid_at, s.reconcile_amount, c.start_year FROM statement s JOIN cohort c "
                + "ON c.identifier = s.cohort WHERE s.id = ?1").setParameter(1, statementId).getResultList();
        if (rows.isEmpty()) throw Problems.notFound();
        return rows.get(0);
    }

    private List<ContractTerms> terms(UUID statementId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT course_identifier, per_participant, output_payment_percentage, number_of_payment_periods, "
                + "service_fee_percentage, service_fee_installments, recruitment_target, monthly_service_fee, "
                + "targeted_delivery_funding_per_participant, special_course FROM statement_terms WHERE statement_id = ?1 ORDER BY course_identifier")
                .setParameter(1, statementId).getResultList();
        return rows.stream().map(r -> new ContractTerms((String) r[0], (BigDecimal) r[1], ((Number) r[2]).intValue(),
                r[3] == null ? null : ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), ((Number) r[5]).intValue(),
                ((Number) r[6]).intValue(), (BigDecimal) r[7], (BigDecimal) r[8], (Boolean) r[9])).toList();
    }

    /** Every count the arithmetic needs, per course, in one query (billable ones distinct by participant and type, as the DfE counts). */
    private Map<String, CourseCounts> counts(UUID statementId) {
        StringBuilder sql = new StringBuilder("SELECT ds.course_identifier");
        for (String type : List.of("started", "retained-1", "retained-2", "completed")) {
            sql.append(", count(DISTINCT ds.participant_id) FILTER (WHERE ").append(BILLABLE).append(" AND ds.declaration_type = '").append(type).append("')");
        }
        for (String type : List.of("started", "retained-1", "retained-2", "completed")) {
            sql.append(", count(*) FILTER (WHERE ").append(REFUNDABLE).append(" AND ds.declaration_type = '").append(type).append("')");
        }
        sql.append(", count(DISTINCT (ds.participant_id, ds.declaration_type)) FILTER (WHERE ds.statement_id = ?1 AND ds.state IN ('ineligible', 'voided'))")
                .append(", count(*) FILTER (WHERE ds.statement_id = ?1 AND ds.state = 'voided')")
                .append(", count(DISTINCT ds.participant_id) FILTER (WHERE ").append(BILLABLE).append(" AND ds.declaration_type = 'started' AND ")
                .append(TDF).append(")")
                .append(", count(*) FILTER (WHERE ").append(REFUNDABLE).append(" AND ds.declaration_type = 'started' AND ").append(TDF).append(")")
                .append(" FROM declaration_state ds LEFT JOIN application_funding af ON af.application_id = ds.application_id ")
                .append("LEFT JOIN funding_decision fd ON fd.application_id = ds.application_id ")
                .append("WHERE (ds.statement_id = ?1 OR ds.clawback_statement_id = ?1) GROUP BY ds.course_identifier");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql.toString()).setParameter(1, statementId).getResultList();
        Map<String, CourseCounts> counts = new HashMap<>();
        for (Object[] r : rows) {
            int[] n = new int[12];
            for (int i = 0; i < 12; i++) n[i] = ((Number) r[i + 1]).intValue();
            counts.put((String) r[0], new CourseCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11]));
        }
        return counts;
    }

    /** Columns of the assurance report, in order. */
    public static final List<String> ASSURANCE_COLUMNS = List.of("participant_id", "trn", "course_identifier", "schedule", "cohort",
            "declaration_id", "declaration_type", "declaration_date", "declaration_status", "statement_item", "statement_id",
            "statement_name", "delivery_partner_id", "eligible_for_funding", "funded_place", "targeted_delivery_funding");

    /**
     * The assurance report: one row per statement item of the statement (a declaration's billing item, or its refund item),
     * with the item's state, streamed from the database with a cursor (never held whole). The TRN only when the Teacher
     * Record System verified it. Throws 404 before writing when the statement does not exist.
     */
    public void assuranceReport(UUID statementId, OutputStream out) throws IOException {
        String sql = "SELECT ds.participant_id, CASE WHEN af.trn_verified THEN af.trn END, ds.course_identifier, ds.schedule_identifier, ds.cohort, "
                + "ds.declaration_id, ds.declaration_type, ds.declaration_date, ds.state, "
                + "CASE WHEN ds.clawback_statement_id = ?1 THEN ds.state "
                + "WHEN ds.state IN ('awaiting_clawback', 'clawed_back') THEN 'paid' ELSE ds.state END, "
                + "s.id, s.year, s.month, ds.delivery_partner_id, af.eligible_for_funding, af.funded_place, fd.targeted_delivery_funding "
                + "FROM statement s JOIN declaration_state ds ON ds.statement_id = s.id OR ds.clawback_statement_id = s.id "
                + "LEFT JOIN application_funding af ON af.application_id = ds.application_id "
                + "LEFT JOIN funding_decision fd ON fd.application_id = ds.application_id WHERE s.id = ?1 ORDER BY ds.declaration_date, ds.declaration_id";
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // a cursor: PostgreSQL sends the rows in batches of the fetch size
            c.setReadOnly(true);
            try (PreparedStatement p = c.prepareStatement(sql.replace("?1", "?::uuid"))) {
                p.setFetchSize(2000);
                String id = statementId.toString();
                for (int i = 1; i <= p.getParameterMetaData().getParameterCount(); i++) p.setString(i, id);
                try (ResultSet r = p.executeQuery()) {
                    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(ASSURANCE_COLUMNS.toArray(String[]::new)).get());
                    while (r.next()) {
                        String name = Month.of(r.getInt(13)).getDisplayName(TextStyle.FULL, Locale.UK) + " " + r.getInt(12);
                        csv.printRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                                r.getString(7), r.getTimestamp(8) == null ? null : r.getTimestamp(8).toInstant().toString(),
                                r.getString(9).replace('_', '-'), r.getString(10), r.getString(11), name, r.getString(14),
                                r.getObject(15), r.getObject(16), r.getObject(17));
                    }
                    csv.flush();
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
