package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import uk.npq.platform.projection.CourseCatalogue;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.npq.engagement.domain.DeclarationFacts;
import uk.npq.engagement.domain.DeclarationRequest;
import uk.npq.engagement.domain.DeclarationRules;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.platform.persistence.SqlValues;

/**
 * Gathers what the declaration rules ({@link DeclarationRules}) need for one POST, in two statements, and takes the locks
 * that make a declaration impossible to pay twice:
 *
 * <ol>
 * <li>{@link #FACTS}: the participant's latest accepted application with the provider in the course's family, its schedule,
 * the contract, the next output-fee statement, the partners named (and whether they are the provider's in the cohort), the
 * merge that retired the participant id, the lead provider's and partners' names (for the answer); and in its select list,
 * in this order, the locks: the request's (the SHA-256 of its bytes), the milestone's (the person's TRN and course family,
 * or the application, and the type) and a shared one on that statement (which its move to payable waits for);</li>
 * <li>{@link #CHECKS}, which must come after the locks are held (a statement sees what was committed when it began, and the
 * first began before it waited for them): the billable declaration an identical request made, a billable declaration of the
 * milestone, another record's declaration of it (c3 duplicates), and whether the statement is still open.</li>
 * </ol>
 * Every transaction submitting a declaration takes the locks in the same order (one statement text), so they cannot
 * deadlock on each other. Course facts come from the course catalogue here, never in the rules. The lock columns are cast to text:
 * a column of PostgreSQL's {@code void} has no Hibernate type, and Hibernate, failing to register one, threw and caught an
 * exception (with its stack trace) per column per POST; so is {@code trn} ({@code char(7)}, whose bpchar Hibernate resolved to an
 * unregistered type, one more per POST).
 */
@ApplicationScoped
public class DeclarationFactsResolver {
    static final String BILLABLE = "('submitted', 'eligible', 'payable', 'paid')";

    static final String FACTS = "WITH target AS (SELECT application_id, participant_id, course_identifier, cohort, trn, teacher_catchment, "
            + "school_urn, withdrawn_at, schedule_identifier, eligible_for_funding, funding_status_code, previously_funded, funded_place "
            + "FROM enrolment WHERE :lookup AND participant_id = CAST(:participant AS uuid) AND lead_provider_id = CAST(:lp AS uuid) "
            + "AND status = 'accepted' AND course_identifier = ANY(CAST(:family AS varchar[])) ORDER BY accepted_at DESC LIMIT 1), "
            + "next_statement AS (SELECT s.id FROM statement s JOIN target t ON s.cohort = t.cohort WHERE s.lead_provider_id = CAST(:lp AS uuid) "
            + "AND s.output_fee AND s.state = 'open' AND s.deadline_date >= :today ORDER BY s.deadline_date, s.year, s.month LIMIT 1) "
            + "SELECT CAST(pg_advisory_xact_lock(hashtextextended(:requestKey, 0)) AS text) AS request_lock, "
            + "CASE WHEN :milestone AND t.application_id IS NOT NULL THEN CAST(pg_advisory_xact_lock(hashtextextended('milestone:' "
            + "|| COALESCE(t.trn || ':' || :familyKey, CAST(t.application_id AS text)) || ':' || :type, 0)) AS text) END AS milestone_lock, "
            + "CASE WHEN n.id IS NOT NULL THEN CAST(pg_advisory_xact_lock_shared(hashtextextended('statement:' || CAST(n.id AS text), 0)) "
            + "AS text) END AS statement_lock, "
            + "(SELECT c.to_participant_id FROM participant_id_change c WHERE c.from_participant_id = CAST(:participant AS uuid)) AS replaced_by, "
            + "EXISTS (SELECT 1 FROM enrolment a WHERE a.participant_id = CAST(:participant AS uuid) AND a.lead_provider_id = CAST(:lp AS uuid) "
            + "AND a.status = 'accepted') AS accepted, "
            + "t.application_id, t.participant_id, t.course_identifier, t.cohort, CAST(t.trn AS text) AS trn, t.teacher_catchment, t.school_urn, t.withdrawn_at, "
            + "t.schedule_identifier, t.eligible_for_funding, t.funding_status_code, t.previously_funded, t.funded_place, "
            + "sc.applies_from, array_to_string(sc.allowed_declaration_types, ' ') AS allowed, "
            + "EXISTS (SELECT 1 FROM contract k WHERE k.lead_provider_id = CAST(:lp AS uuid) AND k.cohort = t.cohort "
            + "AND k.course_identifier = t.course_identifier) AS contract, "
            + "n.id AS next_statement, "
            + "(SELECT p.name FROM delivery_partner p WHERE p.id = CAST(:dp AS uuid)) AS dp_name, "
            + "EXISTS (SELECT 1 FROM delivery_partnership p WHERE p.delivery_partner_id = CAST(:dp AS uuid) "
            + "AND p.lead_provider_id = CAST(:lp AS uuid) AND p.cohort = t.cohort) AS dp_confirmed, "
            + "(SELECT p.name FROM delivery_partner p WHERE p.id = CAST(:secondary AS uuid)) AS secondary_name, "
            + "EXISTS (SELECT 1 FROM delivery_partnership p WHERE p.delivery_partner_id = CAST(:secondary AS uuid) "
            + "AND p.lead_provider_id = CAST(:lp AS uuid) AND p.cohort = t.cohort) AS secondary_confirmed, "
            + "(SELECT l.name FROM lead_provider l WHERE l.id = CAST(:lp AS uuid)) AS lead_provider_name "
            + "FROM (SELECT 1) AS request LEFT JOIN target t ON true LEFT JOIN next_statement n ON true "
            + "LEFT JOIN schedule sc ON sc.cohort = t.cohort AND sc.identifier = t.schedule_identifier";

    static final String CHECKS = "SELECT "
            + "(SELECT d.id FROM declaration d WHERE d.lead_provider_id = CAST(:lp AS uuid) AND d.request_digest = CAST(:digest AS varchar) "
            + "AND d.state IN " + BILLABLE + " ORDER BY d.created_at LIMIT 1) AS identical, "
            + "EXISTS (SELECT 1 FROM declaration d WHERE d.application_id = CAST(:application AS uuid) AND d.declaration_type = CAST(:type AS varchar) "
            + "AND d.state IN " + BILLABLE + ") AS billable, "
            + "(SELECT d.id FROM enrolment e JOIN declaration d ON d.application_id = e.application_id WHERE e.trn = CAST(:trn AS bpchar) "
            + "AND d.participant_id <> CAST(:participant AS uuid) AND d.declaration_type = CAST(:type AS varchar) AND d.course_identifier = ANY(CAST(:family AS varchar[])) "
            + "AND d.superseded_by_id IS NULL AND d.state IN " + BILLABLE + " ORDER BY d.created_at LIMIT 1) AS duplicate_of, "
            + "EXISTS (SELECT 1 FROM statement s WHERE s.id = CAST(:statement AS uuid) AND s.state = 'open') AS statement_open";

    /** FACTS and CHECKS as JDBC statements (parsed once; see {@link SessionSql} for why not Hibernate's native queries). */
    static final SessionSql FACTS_SQL = new SessionSql(FACTS), CHECKS_SQL = new SessionSql(CHECKS);

    @Inject EntityManager em;
    @Inject Statements statements;
    @Inject CourseCatalogue courses;

    /** The facts, the names the answer shows, and the locks taken (held until the transaction ends). */
    public record Resolved(DeclarationFacts facts, String leadProviderName) {}

    @Transactional(Transactional.TxType.MANDATORY)
    public Resolved resolve(UUID leadProviderId, DeclarationRequest s, String requestDigest, Instant now) {
        UUID participant = DeclarationRules.uuid(s.participantId());
        boolean courseExists = courses.exists(s.courseIdentifier());
        boolean courseHasOutcomes = courses.hasOutcomes(s.courseIdentifier());
        // the family in one order on every replica (the milestone lock's key names it)
        List<String> family = courseExists ? courses.family(s.courseIdentifier()).stream().sorted().toList() : List.of("");
        UUID dp = DeclarationRules.uuid(s.deliveryPartnerId()), secondary = DeclarationRules.uuid(s.secondaryDeliveryPartnerId());
        LocalDate today = LocalDate.ofInstant(now, DeclarationService.LONDON); // statements' deadlines are London dates

        Map<String, Object> p = new HashMap<>();
        p.put("lookup", participant != null && courseExists);
        p.put("participant", text(participant));
        p.put("lp", leadProviderId.toString());
        p.put("family", family.toArray(String[]::new));
        p.put("today", today);
        p.put("requestKey", "request:" + leadProviderId + ":" + requestDigest);
        p.put("milestone", s.declarationType() != null && DeclarationRules.TYPES.contains(s.declarationType()));
        p.put("familyKey", String.join(",", family));
        p.put("type", String.valueOf(s.declarationType()));
        p.put("dp", text(dp));
        p.put("secondary", text(secondary));
        Object[] r = FACTS_SQL.query(em, p, rs -> {
            Object[] row = row(rs, 27);
            row[12] = rs.getObject(13, java.time.OffsetDateTime.class); // withdrawn_at and applies_from as java.time, never through the
            row[18] = rs.getObject(19, LocalDate.class);                 // JVM's default time zone
            return row;
        });
        UUID replacedBy = (UUID) r[3];
        boolean accepted = (Boolean) r[4];
        DeclarationFacts.Enrolment target = r[5] == null ? null : new DeclarationFacts.Enrolment((UUID) r[5], (UUID) r[6], (String) r[7],
                (String) r[8], trn(r[9]), (String) r[10], (String) r[11], SqlValues.instant(r[12]), (String) r[13], (Boolean) r[14],
                (String) r[15], (Boolean) r[16], (Boolean) r[17]);
        DeclarationFacts.Schedule schedule = r[18] == null ? null
                : new DeclarationFacts.Schedule(Engagements.localDate(r[18]), Arrays.asList(((String) r[19]).split(" ")));
        boolean contract = (Boolean) r[20];
        UUID statement = (UUID) r[21];
        DeclarationFacts.Partner primary = DeclarationRules.blank(s.deliveryPartnerId()) ? null
                : new DeclarationFacts.Partner(dp, r[22] != null, (Boolean) r[23], (String) r[22]);
        DeclarationFacts.Partner second = DeclarationRules.blank(s.secondaryDeliveryPartnerId()) ? null
                : new DeclarationFacts.Partner(secondary, r[24] != null, (Boolean) r[25], (String) r[24]);
        String leadProviderName = (String) r[26];

        Map<String, Object> q = new HashMap<>();
        q.put("lp", leadProviderId.toString());
        q.put("digest", requestDigest);
        q.put("application", target == null ? null : target.applicationId().toString());
        q.put("type", s.declarationType());
        q.put("trn", target == null ? null : target.trn());
        q.put("participant", target == null ? null : target.participantId().toString());
        q.put("family", family.toArray(String[]::new));
        q.put("statement", text(statement));
        Object[] c = CHECKS_SQL.query(em, q, rs -> row(rs, 4));
        if (statement != null && !(Boolean) c[3]) {
            // the statement moved on between the lookup and the lock (rare): claim the next one as the void does
            statement = statements.claimNextOutputFee(leadProviderId, target.cohort()).orElse(null);
        }
        var facts = new DeclarationFacts(courseExists, courseHasOutcomes, (UUID) c[0], participant == null ? null : replacedBy, accepted,
                target, target == null ? null : schedule, contract, statement, (Boolean) c[1], (UUID) c[2], primary, second);
        return new Resolved(facts, leadProviderName);
    }

    /** The rules' view of an application row (the void and the change of delivery partner read it by id). */
    static DeclarationFacts.Enrolment enrolment(Enrolment e) {
        return new DeclarationFacts.Enrolment(e.applicationId, e.participantId, e.courseIdentifier, e.cohort, e.trn, e.teacherCatchment,
                e.schoolUrn, e.withdrawnAt, e.scheduleIdentifier, e.eligibleForFunding, e.fundingStatusCode, e.previouslyFunded,
                e.fundedPlace);
    }

    /** The one row of a statement that always answers one, its {@code columns} values as the driver reads them. */
    static Object[] row(ResultSet rs, int columns) throws SQLException {
        if (!rs.next()) throw new IllegalStateException("no row");
        Object[] row = new Object[columns];
        for (int i = 0; i < columns; i++) row[i] = rs.getObject(i + 1);
        return row;
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    private static String trn(Object value) {
        return value == null ? null : value.toString();
    }
}
