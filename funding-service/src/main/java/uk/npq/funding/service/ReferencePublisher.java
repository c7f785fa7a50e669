package uk.npq.funding.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.AllocationDefined;
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.funding.ContractDefined;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.contracts.funding.CourseOfferDefined;
import uk.npq.contracts.funding.LeadProviderDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.contracts.funding.StatementDefined;
import uk.npq.contracts.funding.StatementState;
import uk.npq.platform.outbox.Outbox;

/**
 * Tells other services about cohorts, courses, schedules, course offers, statements, contracts and funded-place allocations (funding-service owns
 * them; registration chooses a schedule on accept and checks offers and contracts, engagement checks
 * contracts and statements before a declaration). Each row is published as a whole-state event when it first exists and
 * whenever it changes: after every import, and at start for what the migrations seeded. One publisher
 * at a time (a transaction-scoped advisory lock), so replicas starting together publish once.
 */
@ApplicationScoped
public class ReferencePublisher {
    private static final long LOCK = 0x4e50515245464eL; // "NPQREFN"

    @Inject EntityManager em;
    @Inject Outbox outbox;

    void onStart(@Observes StartupEvent ignored) {
        QuarkusTransaction.requiringNew().run(this::publishChanges);
    }

    /** The kinds of reference row published, as {@code reference_published.kind} names them. */
    public static final List<String> KINDS = List.of("cohort", "course", "schedule", "course-offer", "lead-provider", "statement",
            "contract", "allocation");

    /**
     * Publishes every row of these kinds again, changed or not, with the changes of other kinds; returns how many. For a
     * consumer's copy that missed the events (a copy table a new release adds starts empty, while the rows' events were
     * consumed long before it existed): the events are whole states, so a copy that already holds a row upserts the same.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int republish(java.util.Collection<String> kinds) {
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(?1) AS text)").setParameter(1, LOCK).getSingleResult();
        em.createNativeQuery("DELETE FROM reference_published WHERE kind = ANY(CAST(?1 AS text[]))")
                .setParameter(1, kinds.toArray(String[]::new)).executeUpdate();
        return publishChanges();
    }

    /** Publishes every reference row that changed since it was last published; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publishChanges() {
        em.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(?1) AS text)").setParameter(1, LOCK).getSingleResult();
        int published = 0;
        @SuppressWarnings("unchecked")
        List<Object[]> cohorts = em.createNativeQuery("SELECT c.identifier, c.start_year, c.suffix, c.description, "
                + "c.registration_start_date, c.funding, md5(row(c.identifier, c.start_year, c.suffix, c.description, "
                + "c.registration_start_date, c.funding)::text) FROM cohort c LEFT JOIN reference_published p "
                + "ON p.kind = 'cohort' AND p.key = c.identifier WHERE p.digest IS DISTINCT FROM md5(row(c.identifier, "
                + "c.start_year, c.suffix, c.description, c.registration_start_date, c.funding)::text) ORDER BY c.identifier")
                .getResultList();
        for (Object[] c : cohorts) {
            String id = (String) c[0];
            publish("cohort", id, (String) c[6], CohortDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(id).setIdentifier(id).setStartYear(((Number) c[1]).intValue()).setSuffix(c[2].toString())
                    .setDescription((String) c[3]).setRegistrationStartDate(date(c[4])).setFunding((String) c[5]).build());
            published++;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> courses = em.createNativeQuery("SELECT c.identifier, c.name, c.short_code, c.course_group, c.family, c.has_outcomes, "
                + "md5(c::text) FROM course c LEFT JOIN reference_published p ON p.kind = 'course' AND p.key = c.identifier "
                + "WHERE p.digest IS DISTINCT FROM md5(c::text) ORDER BY 1").getResultList();
        for (Object[] c : courses) {
            String id = (String) c[0];
            publish("course", id, (String) c[6], CourseDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(id).setIdentifier(id).setName((String) c[1]).setShortCode((String) c[2])
                    .setCourseGroup((String) c[3]).setFamily((String) c[4]).setHasOutcomes((Boolean) c[5]).build());
            published++;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> schedules = em.createNativeQuery("SELECT s.cohort, s.identifier, s.name, s.course_group, s.applies_from, "
                + "s.applies_to, array_to_string(s.allowed_declaration_types, ' '), s.acceptance_window_start, s.acceptance_window_end, "
                + "md5(s::text) FROM schedule s LEFT JOIN reference_published p ON p.kind = 'schedule' "
                + "AND p.key = s.cohort || '/' || s.identifier WHERE p.digest IS DISTINCT FROM md5(s::text) ORDER BY 1, 2")
                .getResultList();
        for (Object[] s : schedules) {
            String key = s[0] + "/" + s[1];
            publish("schedule", key, (String) s[9], ScheduleDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(key).setCohort((String) s[0]).setIdentifier((String) s[1]).setName((String) s[2])
                    .setCourseGroup((String) s[3]).setAppliesFrom(date(s[4])).setAppliesTo(s[5] == null ? null : date(s[5]))
                    .setAllowedDeclarationTypes(Arrays.asList(((String) s[6]).split(" ")))
                    .setAcceptanceWindowStart(s[7] == null ? null : date(s[7]))
                    .setAcceptanceWindowEnd(s[8] == null ? null : date(s[8])).build());
            published++;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> offers = em.createNativeQuery("SELECT o.lead_provider_id::text, o.cohort, o.course_identifier, o.offered, "
                + "md5(row(o.offered)::text) FROM course_offer o LEFT JOIN reference_published p ON p.kind = 'course-offer' "
                + "AND p.key = o.lead_provider_id || '/' || o.cohort || '/' || o.course_identifier "
                + "WHERE p.digest IS DISTINCT FROM md5(row(o.offered)::text) ORDER BY 1, 2, 3").getResultList();
        for (Object[] o : offers) {
            String key = o[0] + "/" + o[1] + "/" + o[2];
            publish("course-offer", key, (String) o[4], CourseOfferDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(key).setLeadProviderId((String) o[0]).setCohort((String) o[1]).setCourseIdentifier((String) o[2])
                    .setOffered((Boolean) o[3]).build());
            published++;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> providers = em.createNativeQuery("SELECT l.id::text, l.name, md5(l.name) FROM lead_provider l LEFT JOIN reference_published p "
                + "ON p.kind = 'lead-provider' AND p.key = l.id::text WHERE p.digest IS DISTINCT FROM md5(l.name) ORDER BY 1").getResultList();
        for (Object[] l : providers) {
            String key = (String) l[0];
            publish("lead-provider", key, (String) l[2], LeadProviderDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(key).setLeadProviderId(key).setName((String) l[1]).build());
            published++;
        }
        String statementDigest = "md5(row(s.lead_provider_id, s.cohort, s.year, s.month, s.deadline_date, s.payment_date, s.output_fee, s.state, "
                + "s.marked_as_paid_at)::text)";
        @SuppressWarnings("unchecked")
        List<Object[]> statements = em.createNativeQuery("SELECT s.id::text, s.lead_provider_id::text, s.cohort, s.year, s.month, "
                + "s.deadline_date, s.payment_date, s.output_fee, s.state, " + statementDigest + ", s.marked_as_paid_at FROM statement s "
                + "LEFT JOIN reference_published p ON p.kind = 'statement' AND p.key = s.id::text "
                + "WHERE p.digest IS DISTINCT FROM " + statementDigest + " ORDER BY 2, 3, 4, 5").getResultList();
        for (Object[] st : statements) {
            String key = (String) st[0];
            publish("statement", key, (String) st[9], StatementDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(key).setStatementId(key).setLeadProviderId((String) st[1]).setCohort((String) st[2])
                    .setYear(((Number) st[3]).intValue()).setMonth(((Number) st[4]).intValue()).setDeadlineDate(date(st[5]))
                    .setPaymentDate(date(st[6])).setOutputFee((Boolean) st[7]).setState(StatementState.valueOf((String) st[8]))
                    .setMarkedAsPaidAt(Payments.instant(st[10])).build());
            published++;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> contracts = em.createNativeQuery("SELECT c.lead_provider_id::text, c.cohort, c.course_identifier FROM contract c "
                + "LEFT JOIN reference_published p ON p.kind = 'contract' AND p.key = c.lead_provider_id || '/' || c.cohort || '/' "
                + "|| c.course_identifier WHERE p.key IS NULL ORDER BY 1, 2, 3").getResultList();
        for (Object[] c : contracts) {
            String key = c[0] + "/" + c[1] + "/" + c[2];
            // other services learn only that the contract exists; its money stays here, so only a new one is news
            publish("contract", key, "exists", ContractDefined.newBuilder().setEventId("").setOccurredAt(Instant.now()).setAggregateId(key)
                    .setLeadProviderId((String) c[0]).setCohort((String) c[1]).setCourseIdentifier((String) c[2]).build());
            published++;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> allocations = em.createNativeQuery("SELECT a.lead_provider_id::text, a.cohort, a.course_identifier, a.funded_places, "
                + "md5(row(a.funded_places)::text) FROM funded_place_allocation a LEFT JOIN reference_published p ON p.kind = 'allocation' "
                + "AND p.key = a.lead_provider_id || '/' || a.cohort || '/' || a.course_identifier "
                + "WHERE p.digest IS DISTINCT FROM md5(row(a.funded_places)::text) ORDER BY 1, 2, 3").getResultList();
        for (Object[] a : allocations) {
            String key = a[0] + "/" + a[1] + "/" + a[2];
            publish("allocation", key, (String) a[4], AllocationDefined.newBuilder().setEventId("").setOccurredAt(Instant.now())
                    .setAggregateId(key).setLeadProviderId((String) a[0]).setCohort((String) a[1]).setCourseIdentifier((String) a[2])
                    .setFundedPlaces(((Number) a[3]).intValue()).build());
            published++;
        }
        return published;
    }

    private void publish(String kind, String key, String digest, SpecificRecord event) {
        outbox.publish(Topics.FUNDING_REFERENCE, kind, key, event);
        em.createNativeQuery("INSERT INTO reference_published (kind, key, digest, published_at) VALUES (?1, ?2, ?3, now()) "
                + "ON CONFLICT (kind, key) DO UPDATE SET digest = EXCLUDED.digest, published_at = EXCLUDED.published_at")
                .setParameter(1, kind).setParameter(2, key).setParameter(3, digest).executeUpdate();
    }

    private static LocalDate date(Object value) {
        return value instanceof Date d ? d.toLocalDate() : (LocalDate) value;
    }
}
