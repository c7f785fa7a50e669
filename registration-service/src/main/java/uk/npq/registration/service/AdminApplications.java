package uk.npq.registration.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationRevertedToPending;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.InvalidRows;
import uk.npq.registration.domain.CohortFunding;
import uk.npq.registration.domain.Messages;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.Cohort;
import uk.npq.registration.repository.Declaration;

/**
 * The admin's actions on applications (npq-domain.md c1, c2): revert to pending (one or many), reject the
 * pending applications left at the end of a recruitment round as {@code registration_expired}, and change a
 * participant's training status through the lead provider's own code path. Each request is one transaction;
 * a bulk request with refused rows changes nothing unless the caller asked to skip them ({@link InvalidRows}).
 */
@ApplicationScoped
public class AdminApplications {
    /** The most application ids one bulk request may carry, so a request stays one bounded transaction. */
    public static final int MAX_ROWS = 10_000;
    static final int LOCK_BATCH = 1_000;

    @Inject EntityManager em;
    @Inject Outbox outbox;
    @Inject ApplicationLifecycle lifecycle;
    @Inject ParticipantActions participants;
    @Inject Clock clock;
    @Inject PreviouslyFunded previouslyFunded;

    /** One application id of a bulk request: where it was ("line 3" of a file, "item 2" of a list), its number there, the text. */
    public record Row(String label, int line, String value) {}

    /** A refused row: its line (or position in the list), what was sent, and why. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Refusal(int line, String applicationId, String reason) {}

    /** What a bulk request did: how many ids it read, the applications it changed (in request order) and the refused rows. */
    public record Outcome(int rowsRead, List<Application> changed, List<Refusal> refused) {}

    // ------------------------------------------------------------------------------------ revert to pending
    /** c1: an accepted or rejected application back to pending, when none of its declarations is or will be paid for. */
    @Transactional
    public Application revertToPending(UUID applicationId) {
        Application a = locked(applicationId).orElseThrow(Problems::notFound);
        String refusal = whyNotRevertable(a, new HashSet<>());
        if (refusal != null) throw Problems.unprocessable("application", refusal);
        revert(a, clock.instant());
        return a;
    }

    /** Many at once; {@code source} names the rows in the 422 ("file" or "application_ids"). */
    @Transactional
    public Outcome revertToPending(List<Row> rows, String source, boolean skip) {
        Set<String> becomingPending = new HashSet<>();
        return bulk(rows, source, skip, a -> whyNotRevertable(a, becomingPending), this::revert);
    }

    /**
     * Why {@code a} cannot go back to pending, or null. {@code becomingPending} holds the (person, course, provider,
     * cohort) of the applications this request already lets through: only one of them may be pending at a time.
     */
    String whyNotRevertable(Application a, Set<String> becomingPending) {
        if ("pending".equals(a.status)) return Messages.REVERT_ALREADY_PENDING;
        long blocking = em.createQuery("select count(d) from Declaration d where d.applicationId = ?1 and d.state not in ?2", Long.class)
                .setParameter(1, a.id).setParameter(2, Declaration.REVERTABLE).getSingleResult();
        if (blocking > 0) return Messages.REVERT_WITH_DECLARATIONS;
        String key = a.person.id + "|" + a.courseIdentifier + "|" + a.leadProviderId + "|" + a.cohort;
        long pending = em.createQuery("select count(o) from Application o where o.id <> ?1 and o.person.id = ?2 and o.courseIdentifier = ?3 "
                        + "and o.leadProviderId = ?4 and o.cohort = ?5 and o.status = 'pending'", Long.class)
                .setParameter(1, a.id).setParameter(2, a.person.id).setParameter(3, a.courseIdentifier)
                .setParameter(4, a.leadProviderId).setParameter(5, a.cohort).getSingleResult();
        if (pending > 0 || !becomingPending.add(key)) return Messages.REVERT_OTHER_PENDING;
        return null;
    }

    /**
     * c1 side effects: pending again, as if never accepted: the training-status history is deleted, funded place,
     * training status, rejection reason and acceptance time are cleared (the schedule stays, as the DfE service
     * keeps it; accepting again chooses anew). In an unfunded cohort funded place stays false, as on submission
     * (the DfE holds every application of such a cohort to false). updated_at moves, so filter[updated_since]
     * shows the change.
     */
    void revert(Application a, Instant now) {
        String previousStatus = a.status, previousTrainingStatus = a.trainingStatus;
        em.createQuery("delete from ApplicationState s where s.applicationId = ?1").setParameter(1, a.id).executeUpdate();
        a.status = "pending";
        a.reasonForRejection = null;
        a.trainingStatus = null;
        a.fundedPlace = CohortFunding.fundedPlaceUntilAccepted(lifecycle.cohort(a.cohort).map(c -> c.funding).orElse(null));
        a.acceptedAt = null;
        a.updatedAt = now;
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), ApplicationRevertedToPending.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(a.id.toString())
                .setParticipantId(a.person.id.toString()).setCourseIdentifier(a.courseIdentifier).setCohort(a.cohort)
                .setLeadProviderId(a.leadProviderId.toString()).setPreviousStatus(previousStatus)
                .setPreviousTrainingStatus(previousTrainingStatus).setRevertedAt(now).build());
        previouslyFunded.rejudge(a);
    }

    // ------------------------------------------------------------------------------------ registration expired
    /**
     * c1 note: at the end of a recruitment round every still-pending application of the cohort (of one lead
     * provider, when given) is rejected with {@code registration_expired}. Accepted and rejected ones are left alone.
     */
    @Transactional
    public List<Application> rejectExpired(String cohort, UUID leadProviderId) {
        if (cohort == null || em.find(Cohort.class, cohort) == null) throw Problems.unprocessable("cohort", Messages.EXPIRE_COHORT_UNKNOWN);
        var query = em.createQuery("from Application a where a.status = 'pending' and a.cohort = :cohort"
                + (leadProviderId == null ? "" : " and a.leadProviderId = :lp") + " order by a.id", Application.class)
                .setParameter("cohort", cohort).setLockMode(LockModeType.PESSIMISTIC_WRITE);
        if (leadProviderId != null) query.setParameter("lp", leadProviderId);
        List<Application> pending = query.getResultList();
        Instant now = clock.instant();
        for (Application a : pending) expire(a, now);
        return pending;
    }

    /** The named applications, each of which must be pending. */
    @Transactional
    public Outcome rejectExpired(List<Row> rows, String source, boolean skip) {
        return bulk(rows, source, skip, a -> "pending".equals(a.status) ? null : Messages.EXPIRE_NOT_PENDING, this::expire);
    }

    /**
     * The same rejection (and ApplicationRejected) as the lead provider's. c1's guard "no submitted, eligible,
     * payable or paid declaration" always holds for a pending application: declarations need an acceptance, and a
     * revert to pending needed every one of them voided or clawed back, states that never become billable again.
     */
    void expire(Application a, Instant now) {
        lifecycle.reject(a, "registration_expired", now);
    }

    // ------------------------------------------------------------------------------------ training status
    /**
     * c2 last row: an admin sets an accepted application's training status (active, deferred, withdrawn) through
     * the lead provider's code path, with its guards, reasons and TrainingStatusChanged. Not for pending or
     * rejected applications.
     */
    @Transactional
    public Application changeTrainingStatus(UUID applicationId, String trainingStatus, String reason) {
        Application a = locked(applicationId).orElseThrow(Problems::notFound);
        if ("pending".equals(a.status)) throw Problems.unprocessable("application", Messages.TRAINING_STATUS_PENDING);
        if ("rejected".equals(a.status)) throw Problems.unprocessable("application", Messages.TRAINING_STATUS_REJECTED);
        participants.changeTrainingStatus(a, trainingStatus, reason);
        return a;
    }

    // ------------------------------------------------------------------------------------ shared
    Optional<Application> locked(UUID id) {
        return Optional.ofNullable(em.find(Application.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * A bulk request: every row is read and judged first (malformed, unknown, repeated, or refused by
     * {@code guard}); with refused rows and without skip the whole request is a 422 listing them; otherwise
     * {@code change} runs on each accepted row in request order. Applications are locked in id order, so two
     * bulk requests over the same applications cannot deadlock.
     */
    Outcome bulk(List<Row> rows, String source, boolean skip, Function<Application, String> guard,
                 BiConsumer<Application, Instant> change) {
        if (rows.isEmpty()) throw Problems.unprocessable(source, Messages.NO_APPLICATION_IDS);
        if (rows.size() > MAX_ROWS) throw Problems.unprocessable(source, Messages.TOO_MANY_APPLICATION_IDS.formatted(MAX_ROWS));
        List<Refused> refused = new ArrayList<>();
        Map<UUID, Row> firstRow = new HashMap<>();
        Map<Row, UUID> wanted = new LinkedHashMap<>();
        for (Row row : rows) {
            String value = row.value() == null ? "" : row.value().strip();
            String reason = null;
            UUID id = null;
            if (value.isEmpty()) reason = Messages.ROW_BLANK;
            else {
                try {
                    id = UUID.fromString(value);
                    // UUID.fromString accepts short groups ("1-2-3-4-5"); an id is the canonical 36 characters
                    if (value.length() != 36) throw new IllegalArgumentException();
                } catch (IllegalArgumentException e) {
                    reason = Messages.ROW_NOT_AN_ID;
                    id = null;
                }
            }
            if (id != null && firstRow.containsKey(id)) reason = Messages.ROW_REPEATED.formatted(id, firstRow.get(id).label());
            if (reason != null) {
                refused.add(new Refused(row, value, reason));
                continue;
            }
            firstRow.put(id, row);
            wanted.put(row, id);
        }
        // PostgreSQL orders uuids as unsigned bytes, as their text sorts; batches then follow the order each query locks in
        TreeSet<UUID> ids = new TreeSet<>(Comparator.comparing(UUID::toString));
        ids.addAll(wanted.values());
        Map<UUID, Application> found = lockAll(ids);
        List<Application> valid = new ArrayList<>();
        for (var e : wanted.entrySet()) {
            Application a = found.get(e.getValue());
            String reason = a == null ? Messages.ROW_UNKNOWN.formatted(e.getValue()) : guard.apply(a);
            if (reason != null) refused.add(new Refused(e.getKey(), e.getValue().toString(), reason));
            else valid.add(a);
        }
        refused.sort(Comparator.comparingInt(r -> r.row().line()));
        InvalidRows.refuseUnlessSkipping(skip, refused.stream().map(r -> new ApiError(r.row().label(), r.reason())).toList(),
                new ApiError(source, Messages.NOTHING_CHANGED.formatted(refused.size(), rows.size())));
        Instant now = clock.instant();
        for (Application a : valid) change.accept(a, now);
        return new Outcome(rows.size(), valid, refused.stream().map(r -> new Refusal(r.row().line(), r.value(), r.reason())).toList());
    }

    private record Refused(Row row, String value, String reason) {}

    private Map<UUID, Application> lockAll(TreeSet<UUID> ids) {
        Map<UUID, Application> out = new HashMap<>();
        List<UUID> batch = new ArrayList<>(LOCK_BATCH);
        for (UUID id : ids) {
            batch.add(id);
            if (batch.size() == LOCK_BATCH) {
                lockBatch(batch, out);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) lockBatch(batch, out);
        return out;
    }

    private void lockBatch(List<UUID> ids, Map<UUID, Application> out) {
        for (Application a : em.createQuery("from Application a where a.id in ?1 order by a.id", Application.class)
                .setParameter(1, ids).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList()) {
            out.put(a.id, a);
        }
    }
}
