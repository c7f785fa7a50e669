package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a lead provider reads of its statements through the DfE v3 API: only its own, and only output-fee ones
 * (the DfE's statements query; npq-domain.md g2). Each read is one query (the cohort's start year comes by a
 * join, not per row) in a read-only transaction; the list is served in order by index statement_v3_list.
 */
@ApplicationScoped
public class LeadProviderStatements {

    /** A statement as the v3 API shows it. */
    public record Row(UUID id, int year, int month, int cohortStartYear, LocalDate deadlineDate, LocalDate paymentDate,
                      String state, Instant createdAt, Instant updatedAt) {
        public boolean paid() {
            return "paid".equals(state);
        }
    }

    static final String COLUMNS = "SELECT s.id, s.year, s.month, c.start_year, s.deadline_date, s.payment_date, s.state, s.created_at, "
            + "s.updated_at FROM statement s JOIN cohort c ON c.identifier = s.cohort WHERE s.lead_provider_id = :lp AND s.output_fee";

    @Inject EntityManager em;

    /**
     * One page of the provider's output-fee statements by payment_date, then id. {@code cohortStartYears}, when
     * present, keeps the statements of cohorts starting in those years (2026 is 2026a and 2026b; an empty list
     * matches nothing); {@code updatedSince} keeps those updated at or after it.
     */
    @Transactional
    public List<Row> page(UUID leadProviderId, Optional<List<Integer>> cohortStartYears, Optional<Instant> updatedSince,
                          int page, int perPage) {
        if (cohortStartYears.isPresent() && cohortStartYears.get().isEmpty()) return List.of();
        readOnly();
        Query q = em.createNativeQuery(listSql(cohortStartYears.isPresent(), updatedSince.isPresent()))
                .setParameter("lp", leadProviderId)
                .setParameter("limit", perPage)
                .setParameter("offset", (page - 1L) * perPage);
        cohortStartYears.ifPresent(years -> q.setParameter("years", years));
        updatedSince.ifPresent(since -> q.setParameter("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC)));
        return rows(q);
    }

    /** The provider's output-fee statement with this id; empty for another provider's, a non-output-fee one or none. */
    @Transactional
    public Optional<Row> find(UUID leadProviderId, UUID id) {
        readOnly();
        Query q = em.createNativeQuery(COLUMNS + " AND s.id = :id").setParameter("lp", leadProviderId).setParameter("id", id);
        return rows(q).stream().findFirst();
    }

    /**
     * The list's SQL (named parameters lp, years, since, limit, offset): its WHERE and ORDER BY are index
     * statement_v3_list, so a page is read in order (public for the test that checks the plan).
     */
    public static String listSql(boolean byCohort, boolean bySince) {
        return COLUMNS + (byCohort ? " AND c.start_year IN (:years)" : "") + (bySince ? " AND s.updated_at >= :since" : "")
                + " ORDER BY s.payment_date, s.id LIMIT :limit OFFSET :offset";
    }

    /** The database refuses any write in this transaction: these are reads, and stay so. */
    private void readOnly() {
        em.createNativeQuery("SET TRANSACTION READ ONLY").executeUpdate();
    }

    private static List<Row> rows(Query q) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new Row(UUID.fromString(r[0].toString()), number(r[1]), number(r[2]), number(r[3]), date(r[4]),
                date(r[5]), (String) r[6], instant(r[7]), instant(r[8]))).toList();
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }

    private static LocalDate date(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp t) return t.toInstant();
        if (value instanceof OffsetDateTime o) return o.toInstant();
        return (Instant) value;
    }
}
