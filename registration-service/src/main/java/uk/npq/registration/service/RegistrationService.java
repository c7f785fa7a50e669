package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    @Inject Outbox outbox;
    @Inject Clock clock;
    @Inject PreviouslyFunded previouslyFunded;
    @Inject com.fasterxml.jackson.databind.ObjectMapper json;

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
        String cohort = cohort(in.cohort());
        return register(in, check, new Offer(cohort, em.find(Cohort.class, cohort).funding));
    }

    /**
     * {@link #register(RegistrationRules.Input, TrnCheck)} with the cohort {@link #requireOffer} resolved (a cohort's
     * funding never changes once it has applications). A person the registration creates holds nothing yet: no pending
     * application to find, and, with a TRN nobody verified, no history for "previously funded" to judge (the judge
     * would write false, which the new application already holds), so neither query is made (issue 16: round trips).
     */
    @Transactional
    public Registered register(RegistrationRules.Input in, TrnCheck check, Offer offer) {
        String typed = in.trn() == null ? null : Trn.normalise(in.trn()).trn().orElseThrow();
        String cohort = offer.cohort();
        Instant now = clock.instant();
        var found = peopleService.personFor(typed, in.fullName().strip(), in.dateOfBirth(), in.normalisedNino(),
                in.email().strip(), check, now);
        Person person = found.person();

        if (!found.created()) {
            var existing = applications.findPending(person.id, in.courseIdentifier(), in.leadProviderId(), cohort);
            if (existing.isPresent()) return new Registered(existing.get(), false);
        }

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
        a.fundedPlace = CohortFunding.fundedPlaceUntilAccepted(offer.funding());
        a.createdAt = now;
        a.updatedAt = now;
        applications.persist(a);
        // the engine's input d3, judged where the facts are; a record made just now with no verified TRN has none
        if (!found.created() || person.trnVerified) previouslyFunded.rejudge(a);

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

    /** The cohort a registration resolved to, and its funding type. */
    public record Offer(String cohort, String funding) {}

    /**
     * A registration names a cohort that exists and a course its lead provider offers in it (funding-service's
     * course offers); checked before the Teacher Record System is asked, in one query (the cohort, its funding and the
     * offer). Unknown cohorts are a 422 naming cohort, a course not offered one naming course_identifier.
     */
    @Transactional
    public Offer requireOffer(RegistrationRules.Input in) {
        String given = in.cohort(), course = in.courseIdentifier();
        String offered = "EXISTS (SELECT 1 FROM course_offer o WHERE o.lead_provider_id = :lp AND o.cohort = c.identifier "
                + "AND o.course_identifier = :course AND o.offered)";
        var q = given.length() == 5
                ? em.createNativeQuery("SELECT c.identifier, c.funding, " + offered + " FROM cohort c WHERE c.identifier = :given")
                        .setParameter("given", given)
                : em.createNativeQuery("SELECT c.identifier, c.funding, " + offered + " FROM cohort c WHERE c.start_year = :year "
                        + "ORDER BY c.suffix DESC LIMIT 1").setParameter("year", Integer.parseInt(given));
        List<?> rows = q.setParameter("lp", in.leadProviderId()).setParameter("course", course).getResultList();
        if (rows.isEmpty()) throw Problems.unprocessable("cohort", "The entered '#/cohort' is not recognised.");
        Object[] row = (Object[]) rows.get(0);
        String cohort = (String) row[0];
        if (!Boolean.TRUE.equals(row[2])) {
            throw Problems.unprocessable("course_identifier", "The chosen lead provider does not offer '" + course
                    + "' in cohort " + cohort + ". Choose a course it offers, or another lead provider.");
        }
        return new Offer(cohort, (String) row[1]);
    }

    /**
     * One verdict of funding-service on an application (FundingDecisionMade, or an admin's FundingDecisionOverridden, whose
     * targetedDeliveryFunding is null: it leaves the stored one as it was), with the correlation id of the event it came in.
     */
    public record FundingVerdict(UUID applicationId, boolean eligible, String statusCode, Instant decidedAt,
                                 Boolean targetedDeliveryFunding, String correlationId) {}

    /**
     * Records a batch of verdicts (in their events' order) as applying them one by one would, set-based (issue 16): one
     * query reads the applications, the verdicts are folded in memory (a verdict older than the application's newest is
     * ignored; an override keeps the targeted-delivery flag), one statement writes every application that changed, and the
     * "previously funded" judgement of the people whose verdicts changed is made once per course family (its statements
     * bounded by the families, not the events). Unknown applications are ignored.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyFundingDecisions(List<FundingVerdict> verdicts) {
        if (verdicts.isEmpty()) return;
        em.flush(); // what this transaction changed is what the query below reads
        Set<UUID> ids = new LinkedHashSet<>();
        for (FundingVerdict v : verdicts) ids.add(v.applicationId());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT id, person_id, course_identifier, eligible_for_funding, "
                        + "funding_eligibility_status_code, targeted_delivery_funding_eligibility, funding_decided_at "
                        + "FROM application WHERE id IN (:ids)")
                .setParameter("ids", ids).getResultList();
        Map<UUID, Verdicted> byId = new LinkedHashMap<>();
        for (Object[] r : rows) {
            byId.put((UUID) r[0], new Verdicted((UUID) r[0], (UUID) r[1], (String) r[2], (Boolean) r[3], (String) r[4],
                    (Boolean) r[5], instant(r[6])));
        }
        for (FundingVerdict v : verdicts) {
            Verdicted a = byId.get(v.applicationId());
            if (a != null) a.apply(v);
        }
        List<Map<String, Object>> writes = new ArrayList<>();
        Map<String, Set<UUID>> rejudge = new LinkedHashMap<>();
        Map<UUID, String> correlations = new HashMap<>();
        for (Verdicted a : byId.values()) {
            if (!a.written) continue;
            Map<String, Object> w = new HashMap<>();
            w.put("id", a.id.toString());
            w.put("eligible", a.eligible);
            w.put("status", a.statusCode);
            w.put("tdf", a.targetedDeliveryFunding);
            w.put("decided_at", a.decidedAt.toString());
            w.put("changed", a.changed);
            writes.add(w);
            if (a.changed) {
                rejudge.computeIfAbsent(a.courseIdentifier, c -> new LinkedHashSet<>()).add(a.personId);
                correlations.put(a.personId, a.correlationId);
            }
        }
        if (writes.isEmpty()) return;
        em.createNativeQuery("""
                UPDATE application a SET eligible_for_funding = v.eligible, funding_eligibility_status_code = v.status,
                    targeted_delivery_funding_eligibility = v.tdf, funding_decided_at = v.decided_at,
                    updated_at = CASE WHEN v.changed THEN :now ELSE a.updated_at END
                FROM jsonb_to_recordset(cast(:rows AS jsonb))
                    AS v(id uuid, eligible boolean, status text, tdf boolean, decided_at timestamptz, changed boolean)
                WHERE a.id = v.id""")
                .setParameter("now", clock.instant()).setParameter("rows", json(writes)).executeUpdate();
        // each changed verdict is one of the facts the judgement of the person's other applications rests on
        if (!rejudge.isEmpty()) previouslyFunded.rejudge(rejudge, correlations);
    }

    /** An application's funding verdict as the batch folds it; written when the fold changed anything stored. */
    private static final class Verdicted {
        final UUID id, personId;
        final String courseIdentifier;
        Boolean eligible;
        String statusCode;
        boolean targetedDeliveryFunding;
        Instant decidedAt;
        boolean written, changed;
        String correlationId;

        Verdicted(UUID id, UUID personId, String courseIdentifier, Boolean eligible, String statusCode,
                  Boolean targetedDeliveryFunding, Instant decidedAt) {
            this.id = id;
            this.personId = personId;
            this.courseIdentifier = courseIdentifier;
            this.eligible = eligible;
            this.statusCode = statusCode;
            this.targetedDeliveryFunding = Boolean.TRUE.equals(targetedDeliveryFunding);
            this.decidedAt = decidedAt;
        }

        /** The rule of one verdict, as it was per event: a newer verdict holds; else it is recorded. */
        void apply(FundingVerdict v) {
            if (decidedAt != null && decidedAt.isAfter(v.decidedAt())) return;
            boolean c = !Objects.equals(eligible, v.eligible()) || !Objects.equals(statusCode, v.statusCode());
            eligible = v.eligible();
            statusCode = v.statusCode();
            // the DfE's targeted_delivery_funding_eligibility comes with the decision; an override (null) leaves it as it was
            if (v.targetedDeliveryFunding() != null && targetedDeliveryFunding != v.targetedDeliveryFunding()) {
                targetedDeliveryFunding = v.targetedDeliveryFunding();
                c = true;
            }
            decidedAt = v.decidedAt();
            written = true;
            if (c) {
                changed = true;
                correlationId = v.correlationId();
            }
        }
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Object value) {
        if (value == null) return null;
        if (value instanceof Instant i) return i;
        if (value instanceof java.time.OffsetDateTime o) return o.toInstant();
        if (value instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalStateException("not a timestamp: " + value.getClass());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
