package uk.npq.registration.service;

import uk.npq.platform.persistence.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationRejected;
import uk.npq.contracts.registration.FundedPlaceChanged;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.domain.CohortFunding;
import uk.npq.registration.domain.Messages;
import uk.npq.registration.domain.ScheduleChoice;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.ApplicationRepository;
import uk.npq.registration.repository.ApplicationState;
import uk.npq.registration.repository.Cohort;
import uk.npq.registration.repository.Declaration;
import uk.npq.registration.repository.Schedule;

/**
 * The lead provider's actions on an application (npq-domain.md c1 and d5): accept, reject, change funded
 * place. Each is one transaction; a refused action changes nothing. Acceptance is serialised per person
 * (their verified TRN, or the record when unverified) so two providers accepting at the same moment cannot
 * both win; a funded place in a capped cohort is also serialised per provider, cohort and course, on the counter
 * of its used places (FundedPlaceAllocations), so two accepts cannot both take the provider's last allocated place.
 */
@ApplicationScoped
public class ApplicationLifecycle {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Inject ApplicationRepository applications;
    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;
    @Inject Outbox outbox;
    @Inject Clock clock;
    @Inject PreviouslyFunded previouslyFunded;
    @Inject FundedPlaceAllocations allocations;

    /** What a lead provider sent with accept: funded_place (null when absent or not a boolean) and an optional schedule. */
    public record AcceptRequest(Boolean fundedPlace, String scheduleIdentifier) {}

    @Transactional
    public Application accept(UUID leadProviderId, UUID applicationId, AcceptRequest request) {
        Application a = owned(leadProviderId, applicationId);
        lockPerson(a);
        em.refresh(a, LockModeType.PESSIMISTIC_WRITE);
        Cohort cohort = cohort(a.cohort).orElseThrow(() -> Problems.unprocessable("cohort", Messages.UNKNOWN_COHORT));
        boolean capped = CohortFunding.CAPPED.equals(cohort.funding);
        // in the DfE's order: funded_place for a capped cohort, then for an unfunded one, then the application's state
        if (capped && request.fundedPlace() == null) throw Problems.unprocessable("funded_place", Messages.FUNDED_PLACE_REQUIRED);
        if (CohortFunding.acceptRefusesFundedPlace(cohort.funding, request.fundedPlace()))
            throw Problems.unprocessable("funded_place", Messages.FUNDED_PLACE_FALSE_FOR_UNFUNDED_COHORT);
        if ("accepted".equals(a.status)) throw Problems.unprocessable("application", Messages.ALREADY_ACCEPTED);
        if ("rejected".equals(a.status)) throw Problems.unprocessable("application", Messages.CANNOT_CHANGE_ONCE_REJECTED);
        if (applications.otherAcceptedInFamily(a)) throw Problems.unprocessable("application", Messages.OTHER_ACCEPTED);
        if (capped && request.fundedPlace() && !Boolean.TRUE.equals(a.eligibleForFunding))
            throw Problems.unprocessable("application", Messages.FUNDED_PLACE_NOT_ELIGIBLE);
        Schedule schedule = schedule(a, request.scheduleIdentifier());
        // d5: capped cohorts store the lead provider's choice; full cohorts leave it null (counts as funded), a value
        // sent being ignored as the DfE API does; zero cohorts keep the false they had from submission.
        Boolean fundedPlace = capped ? request.fundedPlace() : CohortFunding.fundedPlaceUntilAccepted(cohort.funding);

        Instant now = clock.instant();
        a.status = "accepted";
        a.acceptedAt = now;
        a.trainingStatus = "active";
        a.scheduleIdentifier = schedule.key.identifier();
        a.fundedPlace = fundedPlace;
        a.updatedAt = now;
        recordState(a, "active", null, now);
        // judged in this transaction, under the person's lock: the acceptance itself says whether it is previously funded
        previouslyFunded.rejudge(a);
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), ApplicationAccepted.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(a.id.toString())
                .setParticipantId(a.person.id.toString()).setTrn(a.person.visibleTrn()).setCourseIdentifier(a.courseIdentifier)
                .setCohort(a.cohort).setLeadProviderId(a.leadProviderId.toString()).setFundedPlace(fundedPlace)
                .setScheduleIdentifier(a.scheduleIdentifier).setAcceptedAt(now).setPreviouslyFunded(a.previouslyFunded).build());
        for (Application other : applications.othersToRejectOnAccept(a)) {
            reject(other, "other_application_in_this_cohort_accepted", now);
        }
        // last, once every other rule passed and every other write is made: the provider's allocation for the cohort and
        // course (its counter row, which every accept of that course waits for, is locked from here to commit)
        if (capped && fundedPlace) allocations.takePlace(a);
        return a;
    }

    @Transactional
    public Application reject(UUID leadProviderId, UUID applicationId) {
        Application a = owned(leadProviderId, applicationId);
        em.refresh(a, LockModeType.PESSIMISTIC_WRITE);
        if ("rejected".equals(a.status)) throw Problems.unprocessable("application", Messages.ALREADY_REJECTED);
        if (hasBillableDeclarations(a.id)) throw Problems.unprocessable("application", Messages.REJECT_WITH_DECLARATIONS);
        reject(a, "rejected_by_provider", clock.instant());
        return a;
    }

    @Transactional
    public Application changeFundedPlace(UUID leadProviderId, UUID applicationId, Boolean fundedPlace) {
        Application a = owned(leadProviderId, applicationId);
        em.refresh(a, LockModeType.PESSIMISTIC_WRITE);
        if (fundedPlace == null) throw Problems.unprocessable("funded_place", Messages.FUNDED_PLACE_REQUIRED);
        if (!"accepted".equals(a.status)) throw Problems.unprocessable("application", Messages.FUNDED_PLACE_NOT_ACCEPTED);
        if (fundedPlace && !Boolean.TRUE.equals(a.eligibleForFunding))
            throw Problems.unprocessable("application", Messages.FUNDED_PLACE_CHANGE_NOT_ELIGIBLE);
        Cohort cohort = cohort(a.cohort).orElseThrow(() -> Problems.unprocessable("cohort", Messages.UNKNOWN_COHORT));
        if (!"capped".equals(cohort.funding)) throw Problems.unprocessable("application", Messages.FUNDED_PLACE_BLANK_FOR_FULL);
        if (!fundedPlace && hasBillableDeclarations(a.id))
            throw Problems.unprocessable("application", Messages.FUNDED_PLACE_WITH_DECLARATIONS);
        if (!fundedPlace.equals(a.fundedPlace)) {
            Instant now = clock.instant();
            a.fundedPlace = fundedPlace;
            a.updatedAt = now;
            publishFundedPlace(a, now);
            previouslyFunded.rejudge(a);
            if (fundedPlace) allocations.takePlace(a); // last: the counter row is locked from here to commit
        }
        return a;
    }

    // ------------------------------------------------------------------------------------------------
    Application owned(UUID leadProviderId, UUID applicationId) {
        return applications.findForLeadProvider(applicationId, leadProviderId).orElseThrow(Problems::notFound);
    }

    /** Serialises acceptances of one person: by verified TRN (every record with it), else by the record. */
    void lockPerson(Application a) {
        String key = a.person.trnVerified ? "trn:" + a.person.trn : "person:" + a.person.id;
        AdvisoryLocks.exclusive(em, key);
    }

    Optional<Cohort> cohort(String identifier) {
        return Optional.ofNullable(em.find(Cohort.class, identifier));
    }

    Schedule schedule(Application a, String requested) {
        String group = courses.group(a.courseIdentifier).orElse("");
        List<Schedule> candidates = em.createQuery("from Schedule s where s.key.cohort = ?1 and s.courseGroup = ?2", Schedule.class)
                .setParameter(1, a.cohort).setParameter(2, group).getResultList();
        if (requested != null && !requested.isBlank()) {
            Schedule named = em.find(Schedule.class, new Schedule.Key(a.cohort, requested.strip()));
            if (named == null) throw Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_NOT_FOUND);
            if (!named.courseGroup.equals(group)) throw Problems.unprocessable("schedule_identifier", Messages.SCHEDULE_WRONG_COURSE);
            return named;
        }
        var options = candidates.stream().map(s -> new ScheduleChoice.Option(s.key.identifier(), s.acceptanceWindowStart,
                s.acceptanceWindowEnd, s.appliesFrom)).toList();
        String chosen = ScheduleChoice.choose(options, LocalDate.now(clock.withZone(LONDON)))
                .orElseThrow(() -> Problems.unprocessable("schedule", Messages.NO_SCHEDULE)).identifier();
        return candidates.stream().filter(s -> s.key.identifier().equals(chosen)).findFirst().orElseThrow();
    }

    boolean hasBillableDeclarations(UUID applicationId) {
        return em.createQuery("select count(d) from Declaration d where d.applicationId = ?1 and d.state in ?2", Long.class)
                .setParameter(1, applicationId).setParameter(2, Declaration.BILLABLE_OR_CHANGEABLE).getSingleResult() > 0;
    }

    void reject(Application a, String reason, Instant now) {
        String previous = a.status;
        a.status = "rejected";
        a.reasonForRejection = reason;
        a.trainingStatus = null;
        a.updatedAt = now;
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), ApplicationRejected.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(a.id.toString())
                .setParticipantId(a.person.id.toString()).setCourseIdentifier(a.courseIdentifier).setCohort(a.cohort)
                .setLeadProviderId(a.leadProviderId.toString()).setReasonForRejection(reason).setPreviousStatus(previous)
                .setRejectedAt(now).build());
        previouslyFunded.rejudge(a);
    }

    void recordState(Application a, String state, String reason, Instant now) {
        ApplicationState s = new ApplicationState();
        s.id = UUID.randomUUID();
        s.applicationId = a.id;
        s.leadProviderId = a.leadProviderId;
        s.state = state;
        s.reason = reason;
        s.createdAt = now;
        em.persist(s);
    }

    void publishFundedPlace(Application a, Instant now) {
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), FundedPlaceChanged.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setApplicationId(a.id.toString())
                .setFundedPlace(a.fundedPlace).setChangedAt(now).build());
    }
}
