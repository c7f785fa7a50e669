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
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.platform.outbox.Outbox;

/**
 * Tells other services about cohorts and schedules (funding-service owns them; registration chooses a
 * schedule on accept from them). Each row is published as a whole-state event when it first exists and
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

    /** Publishes every cohort and schedule that changed since it was last published; returns how many. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int publishChanges() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, LOCK).getSingleResult();
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
