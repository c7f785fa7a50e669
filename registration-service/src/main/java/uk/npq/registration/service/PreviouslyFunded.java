package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.Hibernate;
import uk.npq.contracts.Topics;
import uk.npq.platform.correlation.Correlation;
import uk.npq.contracts.registration.PreviouslyFundedChanged;
import uk.npq.platform.outbox.Outbox;
import uk.npq.registration.repository.Application;

/**
 * Judges "previously funded" as the DfE does whenever it reads an application (d3), here where its facts live: an
 * application is previously funded while another application of the same person for the same course family (EHCO and
 * ASO are one), in any cohort, is accepted, eligible for funding (funding-service's stored verdict) and has funded_place
 * null or true. The same person is the same person record, or records sharing a TRN the Teacher Record System verified;
 * a typed, unverified TRN makes no history for anyone.
 *
 * <p>Every change to one of those facts re-judges the person's applications in the family in one statement, inside the
 * change's own transaction (acceptances of one person are already serialised by {@code ApplicationLifecycle.lockPerson};
 * the judge takes the same locks for the other changes), and publishes a {@link PreviouslyFundedChanged} per application
 * whose judgement changed. An accepted or submitted application also carries its judgement in its own event, so a
 * declaration on a previously funded application is never fundable, not even before any later event arrives.
 */
@ApplicationScoped
public class PreviouslyFunded {
    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue catalogue;
    @Inject Outbox outbox;
    @Inject Clock clock;

    /**
     * The judgement of the people's applications in the family, written where it changed. "Another accepted, eligible,
     * funded application of the same person" is asked twice, by the person record (index application_person_course) and
     * by the verified TRN (person_trn, then application_person_course), rather than as one condition with an OR across
     * the join, which PostgreSQL could only answer by reading every accepted application of the family (a sequential
     * scan that grew with the data: PreviouslyFundedIndexUseTest).
     */
    public static final String JUDGE_SQL = """
            WITH grp AS (
                SELECT p.id FROM person p WHERE p.id IN (:people)
                UNION
                SELECT q.id FROM person p JOIN person q ON p.trn_verified AND q.trn_verified AND q.trn = p.trn WHERE p.id IN (:people)),
            judged AS (
                SELECT x.id, (EXISTS (
                        SELECT 1 FROM application o
                        WHERE o.person_id = x.person_id AND o.id <> x.id AND o.course_identifier IN (:family)
                          AND o.status = 'accepted' AND o.eligible_for_funding AND coalesce(o.funded_place, true))
                    OR (xp.trn_verified AND EXISTS (
                        SELECT 1 FROM person op JOIN application o ON o.person_id = op.id
                        WHERE op.trn = xp.trn AND op.trn_verified AND o.id <> x.id AND o.course_identifier IN (:family)
                          AND o.status = 'accepted' AND o.eligible_for_funding AND coalesce(o.funded_place, true)))) AS pf
                FROM application x JOIN person xp ON xp.id = x.person_id
                WHERE x.person_id IN (SELECT id FROM grp) AND x.course_identifier IN (:family))
            UPDATE application a SET previously_funded = j.pf, updated_at = :now
            FROM judged j WHERE a.id = j.id AND a.previously_funded <> j.pf
            RETURNING a.id, a.person_id, a.previously_funded""";

    /** Re-judges the course family of {@code application} for its person; the application's own judgement is set in memory too. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Boolean> rejudge(Application application) {
        return rejudge(List.of(application.person.id), application.courseIdentifier);
    }

    /** Re-judges every course family these people hold applications in (after a TRN was verified or records merged). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Boolean> rejudgePeople(Collection<UUID> people) {
        em.flush();
        @SuppressWarnings("unchecked")
        List<String> courses = em.createNativeQuery("SELECT DISTINCT course_identifier FROM application WHERE person_id IN (:people)")
                .setParameter("people", people).getResultList();
        Set<String> seen = new TreeSet<>();
        Map<UUID, Boolean> changed = new LinkedHashMap<>();
        for (String course : courses) {
            if (seen.addAll(catalogue.family(course))) changed.putAll(rejudge(people, course));
        }
        return changed;
    }

    private Map<UUID, Boolean> rejudge(Collection<UUID> people, String courseIdentifier) {
        return rejudge(Map.of(courseIdentifier, people), Map.of());
    }

    /**
     * Re-judges, for each course given, its family for those people (a batch of changes to many people's facts): the locks
     * of every family and person in one statement, then one judging statement per family, so the statements are bounded
     * by the families, not the people. A {@link PreviouslyFundedChanged} of a person in {@code correlations} carries that
     * correlation id (the event that changed the facts), otherwise the current one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Boolean> rejudge(Map<String, ? extends Collection<UUID>> peopleByCourse, Map<UUID, String> correlations) {
        Map<String, Set<UUID>> byFamily = new java.util.TreeMap<>();
        Map<String, List<String>> families = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Collection<UUID>> e : peopleByCourse.entrySet()) {
            List<String> family = new ArrayList<>(new TreeSet<>(catalogue.family(e.getKey())));
            String key = String.join("+", family);
            families.putIfAbsent(key, family);
            byFamily.computeIfAbsent(key, k -> new java.util.LinkedHashSet<>()).addAll(e.getValue());
        }
        em.flush(); // the change being judged is written first
        lock(byFamily);
        Map<UUID, Boolean> changed = new LinkedHashMap<>();
        for (Map.Entry<String, Set<UUID>> e : byFamily.entrySet()) {
            changed.putAll(judge(e.getValue(), families.get(e.getKey()), correlations));
        }
        return changed;
    }

    /**
     * The same person's other applications and the other holders of a verified TRN are two EXISTS, each served by an index
     * (application by person and course; person by TRN): one EXISTS with their OR scanned every accepted application of the
     * family for each application judged (4.8 ms each over 6,600 accepted ones, growing with the data; issue 16).
     */
    private Map<UUID, Boolean> judge(Collection<UUID> people, List<String> family, Map<UUID, String> correlations) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(JUDGE_SQL)
                .setParameter("people", people).setParameter("family", family).setParameter("now", clock.instant())
                .getResultList();
        Instant now = clock.instant();
        Map<UUID, Boolean> changed = new LinkedHashMap<>();
        for (Object[] r : rows) {
            UUID id = (UUID) r[0];
            boolean pf = (Boolean) r[2];
            changed.put(id, pf);
            // an application this transaction holds must not write the old value back; one it does not hold is not loaded
            Application held = em.getReference(Application.class, id);
            if (Hibernate.isInitialized(held)) {
                Application managed = (Application) Hibernate.unproxy(held);
                managed.previouslyFunded = pf;
                managed.updatedAt = now;
            }
            PreviouslyFundedChanged event = PreviouslyFundedChanged.newBuilder()
                    .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(id.toString())
                    .setParticipantId(r[1].toString()).setPreviouslyFunded(pf)
                    .setChangedAt(now).build();
            String correlation = correlations.get((UUID) r[1]);
            if (correlation == null) {
                outbox.publish(Topics.APPLICATION, "application", id.toString(), event);
            } else {
                Correlation.with(correlation, () -> outbox.publish(Topics.APPLICATION, "application", id.toString(), event));
            }
        }
        return changed;
    }

    /**
     * The judge of one person and family runs alone: a lock per family and person record, and per family and verified TRN;
     * all of them in one statement that reads the people's TRNs and takes the locks in the keys' sorted order (byte order,
     * as every holder of several keys takes them: {@code AdvisoryLocks}), one round trip where reading the people and
     * then locking took two (issue 16).
     */
    static final String LOCK_SQL = """
            SELECT count(pg_advisory_xact_lock(hashtextextended(k.key, 0))) FROM (
                SELECT key FROM (
                    SELECT 'previously-funded:' || f.family || ':person:' || p.id AS key
                    FROM jsonb_to_recordset(cast(:pairs AS jsonb)) AS f(family text, person uuid) JOIN person p ON p.id = f.person
                    UNION
                    SELECT 'previously-funded:' || f.family || ':trn:' || p.trn
                    FROM jsonb_to_recordset(cast(:pairs AS jsonb)) AS f(family text, person uuid) JOIN person p ON p.id = f.person
                    WHERE p.trn_verified AND p.trn IS NOT NULL) keys
                ORDER BY key COLLATE "C") k""";

    private void lock(Map<String, Set<UUID>> peopleByFamily) {
        StringBuilder pairs = new StringBuilder("[");
        for (Map.Entry<String, Set<UUID>> e : peopleByFamily.entrySet()) {
            for (UUID id : e.getValue()) {
                if (pairs.length() > 1) pairs.append(',');
                // family keys are course identifiers joined by '+' (lower-case letters, digits, '-'): nothing to escape
                pairs.append("{\"family\":\"").append(e.getKey()).append("\",\"person\":\"").append(id).append("\"}");
            }
        }
        if (pairs.length() == 1) return;
        em.createNativeQuery(LOCK_SQL).setParameter("pairs", pairs.append(']').toString()).getSingleResult();
    }
}
