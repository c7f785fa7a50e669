package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.platform.outbox.Outbox;
import uk.npq.registration.domain.RegistrationRules;
import uk.npq.registration.domain.Trn;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.ApplicationRepository;
import uk.npq.registration.repository.Person;
import uk.npq.registration.repository.PersonRepository;

/** Registers applications and applies funding decisions; each method is one transaction. */
@ApplicationScoped
public class RegistrationService {

    @Inject PersonRepository people;
    @Inject ApplicationRepository applications;
    @Inject Outbox outbox;
    @Inject Clock clock;

    /** The application and whether this call created it (false: a retry found the pending one). */
    public record Registered(Application application, boolean created) {}

    /**
     * Stores a pending application, and its ApplicationSubmitted event through the outbox. A retry of
     * the same registration (same person, course, lead provider and cohort, still pending) returns the
     * application it already made. {@code in} has passed {@link RegistrationRules#check}.
     */
    @Transactional
    public Registered register(RegistrationRules.Input in) {
        String trn = Trn.normalise(in.trn()).trn().orElseThrow();
        Instant now = clock.instant();
        Person person = people.findByTrn(trn).orElseGet(() -> {
            Person p = new Person();
            p.id = UUID.randomUUID();
            p.trn = trn;
            p.fullName = in.fullName().strip();
            p.dateOfBirth = in.dateOfBirth();
            p.email = in.email().strip();
            p.createdAt = now;
            p.updatedAt = now;
            people.persist(p);
            return p;
        });
        var existing = applications.findPending(person.id, in.courseIdentifier(), in.leadProviderId(), in.cohort());
        if (existing.isPresent()) return new Registered(existing.get(), false);

        Application a = new Application();
        a.id = UUID.randomUUID();
        a.person = person;
        a.leadProviderId = in.leadProviderId();
        a.courseIdentifier = in.courseIdentifier();
        a.cohort = in.cohort();
        a.status = "pending";
        a.workSetting = in.workSetting();
        a.schoolUrn = blankToNull(in.schoolUrn());
        a.schoolUkprn = blankToNull(in.schoolUkprn());
        a.teacherCatchment = in.teacherCatchment();
        a.teacherCatchmentCountry = blankToNull(in.teacherCatchmentCountry());
        a.createdAt = now;
        a.updatedAt = now;
        applications.persist(a);

        ApplicationSubmitted event = new ApplicationSubmitted();
        event.setApplicationId(a.id.toString());
        event.setParticipantId(person.id.toString());
        event.setTrn(person.trn);
        event.setTrnVerified(person.trnVerified);
        event.setCourseIdentifier(a.courseIdentifier);
        event.setCohort(a.cohort);
        event.setLeadProviderId(a.leadProviderId.toString());
        event.setWorkSetting(a.workSetting);
        event.setSchoolUrn(a.schoolUrn);
        event.setSchoolUkprn(a.schoolUkprn);
        event.setTeacherCatchment(a.teacherCatchment);
        event.setTeacherCatchmentCountry(a.teacherCatchmentCountry);
        event.setSubmittedAt(now);
        outbox.publish(Topics.APPLICATION, "application", a.id.toString(), event);
        applications.flush(); // a concurrent twin fails here, on the one-pending index, not at commit
        return new Registered(a, true);
    }

    /** Records funding-service's verdict on the application (ignored for an unknown application). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyFundingDecision(UUID applicationId, boolean eligible, String statusCode, Instant decidedAt) {
        Application a = applications.findById(applicationId);
        if (a == null) return;
        if (a.fundingDecidedAt != null && a.fundingDecidedAt.isAfter(decidedAt)) return; // a newer verdict holds
        a.eligibleForFunding = eligible;
        a.fundingEligibilityStatusCode = statusCode;
        a.fundingDecidedAt = decidedAt;
        a.updatedAt = clock.instant();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
