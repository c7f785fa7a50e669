package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ScheduleChanged;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.domain.Messages;
import uk.npq.registration.domain.TrainingReasons;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.Declaration;
import uk.npq.registration.repository.Person;
import uk.npq.registration.repository.Schedule;

/**
 * The lead provider's actions on a participant's enrolment (npq-domain.md c2 and f6): defer, resume,
 * withdraw, change schedule. The participant must have an accepted application with this provider for the
 * course; otherwise it is as if absent (404) or, when the course does not match, a 422 naming it. An admin's
 * change of training status ({@link AdminApplications}) goes through the same {@code changeTrainingStatus}.
 */
@ApplicationScoped
public class ParticipantActions {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Inject uk.npq.platform.projection.ContractCopies contracts;
    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;
    @Inject Outbox outbox;
    @Inject ApplicationLifecycle lifecycle;
    @Inject java.time.Clock clock;
    @Inject PreviouslyFunded previouslyFunded;
    @Inject FundedPlaceAllocations allocations;

    @Transactional
    public Person defer(UUID leadProviderId, UUID participantId, String course, String reason) {
        Application a = enrolment(leadProviderId, participantId, course);
        changeTrainingStatus(a, "deferred", reason);
        return a.person;
    }

    @Transactional
    public Person resume(UUID leadProviderId, UUID participantId, String course) {
        Application a = enrolment(leadProviderId, participantId, course);
        changeTrainingStatus(a, "active", null);
        return a.person;
    }

    @Transactional
    public Person withdraw(UUID leadProviderId, UUID participantId, String course, String reason) {
        Application a = enrolment(leadProviderId, participantId, course);
        changeTrainingStatus(a, "withdrawn", reason);
        return a.person;
    }

    /**
     * c2: the one path of every training-status change, the lead provider's defer / resume / withdraw and the
     * admin's change of training status alike: the guards of the target status, then the change, an
     * ApplicationState row and TrainingStatusChanged. {@code a} is an accepted application, locked by the caller.
     */
    void changeTrainingStatus(Application a, String status, String reason) {
        switch (status == null ? "" : status) {
            case "deferred" -> {
                if (reason == null || !TrainingReasons.DEFERRAL.contains(reason)) throw Problems.unprocessable("reason", Messages.REASON_INVALID);
                if ("deferred".equals(a.trainingStatus)) throw Problems.unprocessable("participant_id", Messages.ALREADY_DEFERRED);
                if ("withdrawn".equals(a.trainingStatus)) throw Problems.unprocessable("participant_id", Messages.ALREADY_WITHDRAWN);
                if (declarations(a.id).isEmpty()) throw Problems.unprocessable("participant_id", Messages.DEFER_NO_DECLARATIONS);
            }
            case "active" -> {
                if ("active".equals(a.trainingStatus)) throw Problems.unprocessable("participant_id", Messages.ALREADY_ACTIVE);
                reason = null;
            }
            case "withdrawn" -> {
                if (reason == null || !TrainingReasons.WITHDRAWAL.contains(reason)) throw Problems.unprocessable("reason", Messages.REASON_INVALID);
                if ("withdrawn".equals(a.trainingStatus)) throw Problems.unprocessable("participant_id", Messages.ALREADY_WITHDRAWN);
                // c2: a started declaration in any state, even voided
                if (declarations(a.id).stream().noneMatch(d -> "started".equals(d.declarationType)))
                    throw Problems.unprocessable("participant_id", Messages.WITHDRAW_NOT_STARTED);
            }
            default -> throw Problems.unprocessable("training_status", Messages.TRAINING_STATUS_INVALID);
        }
        recordTrainingStatus(a, status, reason);
    }

    /**
     * f6: the schedule is looked up in the named cohort (a start year picks its latest suffix, 2026b before
     * 2026a; a full identifier such as 2026a names one cohort), else in the cohorts of the current start year.
     */
    @Transactional
    public Person changeSchedule(UUID leadProviderId, UUID participantId, String course, String scheduleIdentifier, String cohortParam) {
        Application a = enrolment(leadProviderId, participantId, course);
        if (cohortParam != null && !cohortParam.isBlank() && !cohortParam.strip().matches("^20[2-9][0-9][a-z]?$"))
            throw Problems.unprocessable("cohort", Messages.COHORT_INVALID);
        if (scheduleIdentifier == null || scheduleIdentifier.isBlank())
            throw Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_BLANK);
        Schedule target = findSchedule(scheduleIdentifier.strip(),
                cohortParam == null || cohortParam.isBlank() ? a.cohortStartYear() : cohortParam.strip())
                .orElseThrow(() -> Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_BLANK));
        if (!contracts.exists(leadProviderId, target.key.cohort(), a.courseIdentifier))
            throw Problems.unprocessable("cohort", Messages.NO_CONTRACT_FOR_COHORT);
        if ("withdrawn".equals(a.trainingStatus)) throw Problems.unprocessable("participant_id", Messages.ALREADY_WITHDRAWN);
        List<Declaration> billable = declarations(a.id).stream()
                .filter(d -> Declaration.BILLABLE_OR_CHANGEABLE.contains(d.state)).toList();
        Instant appliesFrom = target.appliesFrom.atStartOfDay(LONDON).toInstant();
        List<String> allowed = List.of(target.allowedDeclarationTypes);
        if (billable.stream().anyMatch(d -> !allowed.contains(d.declarationType)
                || (d.declarationDate != null && !d.declarationDate.isAfter(appliesFrom))))
            throw Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_INVALID_FOR_DECLARATIONS);
        String newCohort = target.key.cohort();
        if (target.key.identifier().equals(a.scheduleIdentifier) && newCohort.equals(a.cohort))
            throw Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_UNCHANGED);
        if (!target.courseGroup.equals(courses.group(a.courseIdentifier).orElse("")))
            throw Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_WRONG_COURSE);
        boolean cohortChanges = !newCohort.equals(a.cohort);
        if (cohortChanges && !billable.isEmpty()) throw Problems.unprocessable("cohort", Messages.COHORT_WITH_DECLARATIONS);

        Boolean fundedPlace = a.fundedPlace;
        String toFunding = null;
        if (cohortChanges) {
            String from = lifecycle.cohort(a.cohort).map(c -> c.funding).orElse("full");
            toFunding = lifecycle.cohort(newCohort).map(c -> c.funding).orElseThrow(
                    () -> Problems.unprocessable("cohort", Messages.COHORT_INVALID));
            fundedPlace = fundedPlaceAfterMove(from, toFunding, a);
        }
        Instant now = clock.instant();
        String previousSchedule = a.scheduleIdentifier, previousCohort = a.cohort;
        boolean fundedPlaceChanged = !Objects.equals(fundedPlace, a.fundedPlace);
        a.scheduleIdentifier = target.key.identifier();
        a.cohort = newCohort;
        a.fundedPlace = fundedPlace;
        a.updatedAt = now;
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), ScheduleChanged.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(a.id.toString())
                .setParticipantId(a.person.id.toString()).setCourseIdentifier(a.courseIdentifier)
                .setLeadProviderId(a.leadProviderId.toString()).setScheduleIdentifier(a.scheduleIdentifier).setCohort(a.cohort)
                .setPreviousScheduleIdentifier(previousSchedule).setPreviousCohort(previousCohort).setFundedPlace(a.fundedPlace)
                .setChangedAt(now).build());
        if (fundedPlaceChanged) {
            lifecycle.publishFundedPlace(a, now);
            previouslyFunded.rejudge(a);
        }
        // a funded place moving into a capped cohort takes one of the provider's places there (refused when none is left);
        // last, so the counter row is locked from here to commit
        if (cohortChanges && "capped".equals(toFunding) && Boolean.TRUE.equals(fundedPlace)) allocations.takePlace(a);
        return a.person;
    }

    /** d5 cohort moves: full to capped takes funded_place = eligible_for_funding; to zero is false; capped to full and zero to funded are refused. */
    static Boolean fundedPlaceAfterMove(String from, String to, Application a) {
        if (from.equals(to)) return a.fundedPlace;
        return switch (to) {
            case "zero" -> Boolean.FALSE;
            case "capped" -> {
                if ("zero".equals(from)) throw Problems.unprocessable("cohort", Messages.ZERO_TO_FUNDED);
                yield Boolean.TRUE.equals(a.eligibleForFunding);
            }
            default -> throw Problems.unprocessable("cohort", "zero".equals(from) ? Messages.ZERO_TO_FUNDED : Messages.COHORT_FUNDING_REFUSED);
        };
    }

    // ------------------------------------------------------------------------------------------------
    /** The latest accepted application of this participant with this provider for the course (or its family). */
    Application enrolment(UUID leadProviderId, UUID participantId, String course) {
        Person person = em.find(Person.class, participantId);
        if (person == null || person.mergedInto != null || !hasAccepted(person.id, leadProviderId)) throw Problems.notFound();
        if (!courses.exists(course)) throw Problems.unprocessable("course_identifier", Messages.COURSE_NOT_FOUND);
        Application a = em.createQuery("from Application a where a.person.id = ?1 and a.leadProviderId = ?2 and a.status = 'accepted' "
                        + "and a.courseIdentifier in ?3 order by a.acceptedAt desc", Application.class)
                .setParameter(1, person.id).setParameter(2, leadProviderId).setParameter(3, courses.family(course))
                .setMaxResults(1).getResultStream().findFirst()
                .orElseThrow(() -> Problems.unprocessable("participant_id", Messages.NO_ACCEPTED_APPLICATION));
        em.lock(a, LockModeType.PESSIMISTIC_WRITE);
        em.refresh(a);
        return a;
    }

    boolean hasAccepted(UUID personId, UUID leadProviderId) {
        return em.createQuery("select count(a) from Application a where a.person.id = ?1 and a.leadProviderId = ?2 and a.status = 'accepted'",
                Long.class).setParameter(1, personId).setParameter(2, leadProviderId).getSingleResult() > 0;
    }

    List<Declaration> declarations(UUID applicationId) {
        return em.createQuery("from Declaration d where d.applicationId = ?1", Declaration.class)
                .setParameter(1, applicationId).getResultList();
    }

    Optional<Schedule> findSchedule(String identifier, String cohort) {
        String where = cohort.length() == 5 ? "s.key.cohort = ?2" : "substring(s.key.cohort, 1, 4) = ?2";
        return em.createQuery("from Schedule s where s.key.identifier = ?1 and " + where + " order by s.key.cohort desc", Schedule.class)
                .setParameter(1, identifier).setParameter(2, cohort).setMaxResults(1).getResultStream().findFirst();
    }

    void recordTrainingStatus(Application a, String status, String reason) {
        Instant now = clock.instant();
        String previous = a.trainingStatus;
        a.trainingStatus = status;
        a.updatedAt = now;
        lifecycle.recordState(a, status, reason, now);
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), TrainingStatusChanged.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(a.id.toString())
                .setParticipantId(a.person.id.toString()).setCourseIdentifier(a.courseIdentifier).setCohort(a.cohort)
                .setLeadProviderId(a.leadProviderId.toString()).setTrainingStatus(status).setPreviousTrainingStatus(previous)
                .setReason(reason).setChangedAt(now).build());
    }
}
