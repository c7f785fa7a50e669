package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.domain.Catchment;
import uk.npq.registration.domain.CohortFunding;
import uk.npq.registration.domain.RegistrationRules;
import uk.npq.registration.domain.Trn;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.ApplicationRepository;
import uk.npq.registration.repository.Cohort;
import uk.npq.registration.repository.Person;
import uk.npq.registration.repository.PersonRepository;

/** Registers applications and applies funding decisions; each method is one transaction. */
@ApplicationScoped
public class RegistrationService {
    private static final Logger LOG = Logger.getLogger(RegistrationService.class);

    @Inject PersonRepository people;
    @Inject ApplicationRepository applications;
    @Inject PeopleService peopleService;
    @Inject EntityManager em;
    @Inject Projections projections;
    @Inject Outbox outbox;
    @Inject Clock clock;
    @Inject PreviouslyFunded previouslyFunded;

    /** The application and whether this call created it (false: a retry found the pending one). */
    public record Registered(Application application, boolean created) {}

    /**
     * Stores a pending application, and its ApplicationSubmitted event through the outbox. The person is the
     * live record holding the verified TRN when the Teacher Record System verified it; otherwise the
     * unverified record with the same typed TRN (or none), date of birth and email; otherwise a new one. A
     * retry of the same registration (same person, course, lead provider and cohort, still pending) returns
     * the application it already made. {@code in} has passed {@link RegistrationRules#check}.
     */
    @Transactional
    public Registered register(RegistrationRules.Input in, TrnCheck check) {
        String typed = in.trn() == null ? null : Trn.normalise(in.trn()).trn().orElseThrow();
        String cohort = cohort(in.cohort());
        Instant now = clock.instant();
        Person person = peopleService.personFor(typed, in.fullName().strip(), in.dateOfBirth(), in.normalisedNino(),
                in.email().strip(), check, now);

        var existing = applications.findPending(person.id, in.courseIdentifier(), in.leadProviderId(), cohort);
        if (existing.isPresent()) return new Registered(existing.get(), false);

        Application a = new Application();
        a.id = UUID.randomUUID();
        a.person = person;
        a.leadProviderId = in.leadProviderId();
        a.courseIdentifier = in.courseIdentifier();
        a.cohort = cohort;
        a.status = "pending";
        a.workSetting = in.workSetting();
        a.schoolUrn = blankToNull(in.schoolUrn());
        a.schoolUkprn = blankToNull(in.schoolUkprn());
        a.privateChildcareProviderUrn = blankToNull(in.privateChildcareProviderUrn());
        a.kindOfNursery = blankToNull(in.kindOfNursery());
        a.employmentType = blankToNull(in.employmentType());
        a.employmentRole = blankToNull(in.employmentRole());
        a.employerName = blankToNull(in.employerName());
        a.headteacherStatus = blankToNull(in.headteacherStatus());
        a.teacherCatchment = in.teacherCatchment();
        // derived as the DfE derives them: the country and its ISO code from the catchment, lead_mentor from the employment type
        a.teacherCatchmentCountry = Catchment.country(in.teacherCatchment(), in.teacherCatchmentCountry());
        a.teacherCatchmentIsoCountryCode = RegistrationRules.teacherCatchmentIsoCountryCode(in);
        if (a.teacherCatchmentIsoCountryCode == null && a.teacherCatchmentCountry != null)
            LOG.infof("No ISO 3166 code for teacher_catchment_country '%s' of application %s", a.teacherCatchmentCountry, a.id);
        a.ittProvider = blankToNull(in.ittProvider());
        a.leadMentor = RegistrationRules.leadMentor(in.employmentType());
        a.referredByReturnToTeachingAdviser = blankToNull(in.referredByReturnToTeachingAdviser());
        a.sencoInRole = blankToNull(in.sencoInRole());
        a.sencoStartDate = in.sencoStartDate();
        a.fundingChoice = blankToNull(in.fundingChoice());
        a.fundedPlace = CohortFunding.fundedPlaceUntilAccepted(em.find(Cohort.class, cohort).funding);
        a.createdAt = now;
        a.updatedAt = now;
        applications.persist(a);
        previouslyFunded.rejudge(a); // the engine's input d3, judged where the facts are

        ApplicationSubmitted event = new ApplicationSubmitted();
        event.setApplicationId(a.id.toString());
        event.setParticipantId(person.id.toString());
        event.setTrn(person.trn);
        event.setTrnVerified(person.trnVerified);
        event.setPreviouslyFunded(a.previouslyFunded);
        event.setCourseIdentifier(a.courseIdentifier);
        event.setCohort(a.cohort);
        event.setLeadProviderId(a.leadProviderId.toString());
        event.setWorkSetting(a.workSetting);
        event.setSchoolUrn(a.schoolUrn);
        event.setSchoolUkprn(a.schoolUkprn);
        event.setPrivateChildcareProviderUrn(a.privateChildcareProviderUrn);
        event.setKindOfNursery(a.kindOfNursery);
        event.setEmploymentType(a.employmentType);
        event.setHeadteacherStatus(a.headteacherStatus);
        event.setTeacherCatchment(a.teacherCatchment);
        event.setTeacherCatchmentCountry(a.teacherCatchmentCountry);
        event.setIttProvider(a.ittProvider);
        event.setLeadMentor(a.leadMentor);
        event.setReferredByReturnToTeachingAdviser(a.referredByReturnToTeachingAdviser);
        event.setFundingChoice(a.fundingChoice);
        event.setSubmittedAt(now);
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), event);
        applications.flush(); // a concurrent twin fails here, on the one-pending index, not at commit
        return new Registered(a, true);
    }

    /**
     * The cohort identifier: as given when it exists (2026a, 2026b), or for a bare start year the latest
     * suffix of that year (2026 is 2026b). Unknown cohorts are a 422 naming the field.
     */
    String cohort(String given) {
        if (given.length() == 5) {
            if (em.find(Cohort.class, given) == null) throw Problems.unprocessable("cohort", "The entered '#/cohort' is not recognised.");
            return given;
        }
        return em.createQuery("select c.identifier from Cohort c where c.startYear = ?1 order by c.suffix desc", String.class)
                .setParameter(1, Integer.parseInt(given)).setMaxResults(1).getResultStream().findFirst()
                .orElseThrow(() -> Problems.unprocessable("cohort", "The entered '#/cohort' is not recognised."));
    }

    /**
     * A registration names a cohort that exists and a course its lead provider offers in it (funding-service's
     * course offers); checked before the Teacher Record System is asked.
     */
    @Transactional
    public void requireOffer(RegistrationRules.Input in) {
        String cohort = cohort(in.cohort());
        String course = in.courseIdentifier();
        if (!projections.offers(in.leadProviderId(), cohort, course)) {
            throw Problems.unprocessable("course_identifier", "The chosen lead provider does not offer '" + course
                    + "' in cohort " + cohort + ". Choose a course it offers, or another lead provider.");
        }
    }

    /** Records funding-service's verdict on the application (ignored for an unknown application). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyFundingDecision(UUID applicationId, boolean eligible, String statusCode, Instant decidedAt,
                                     Boolean targetedDeliveryFunding) {
        Application a = applications.findById(applicationId);
        if (a == null) return;
        if (a.fundingDecidedAt != null && a.fundingDecidedAt.isAfter(decidedAt)) return; // a newer verdict holds
        boolean changed = !Objects.equals(a.eligibleForFunding, eligible) || !Objects.equals(a.fundingEligibilityStatusCode, statusCode);
        a.eligibleForFunding = eligible;
        a.fundingEligibilityStatusCode = statusCode;
        // the DfE's targeted_delivery_funding_eligibility comes with the decision; an override (null here) leaves it as it was
        if (targetedDeliveryFunding != null && a.targetedDeliveryFundingEligibility != targetedDeliveryFunding) {
            a.targetedDeliveryFundingEligibility = targetedDeliveryFunding;
            changed = true;
        }
        a.fundingDecidedAt = decidedAt;
        if (changed) {
            a.updatedAt = clock.instant();
            previouslyFunded.rejudge(a); // its verdict is one of the facts the others' judgement rests on
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
