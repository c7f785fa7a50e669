package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.persistence.AdvisoryLocks;
import uk.npq.platform.persistence.ColumnArrays;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.rest.InvalidRows;
import uk.npq.registration.domain.ApplicationImportRules;
import uk.npq.registration.domain.ApplicationImportRules.Checked;
import uk.npq.registration.domain.Catchment;
import uk.npq.registration.domain.CohortFunding;
import uk.npq.registration.domain.RegistrationRules;

/**
 * The admin's import of existing records (a migration of the DfE's NPQ records): people with their TRNs and their
 * applications already accepted, each keeping the DfE's ids. All or nothing: every row is checked first (the pure
 * {@link ApplicationImportRules}, then against what the service holds) and a batch with any refused row is refused whole
 * (422, one error per row titled {@code rows[i]}, nothing written). A row whose application is already here (its
 * application_id, for the same participant) is unchanged, so re-sending a batch changes nothing and says so.
 *
 * <p>Set-based: the lookups are one query per batch; people, applications and their state rows go in as one INSERT each per
 * batch (a chunk of a streamed file), whatever its size.
 * The other services learn of the records through the events the normal path publishes, written to the outbox in the
 * same transaction: ApplicationSubmitted (carrying the answers funding-service decides on, so funding makes and publishes
 * its decision as for any registration), ApplicationAccepted, and TrainingStatusChanged for a deferred or withdrawn one.
 * Imports run one at a time (a transaction-scoped advisory lock), so two concurrent imports of the same rows cannot
 * both insert them.
 */
@ApplicationScoped
public class ApplicationImport {
    private static final Logger LOG = Logger.getLogger(ApplicationImport.class);
    public static final int MAX_ROWS = 5000;

    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;
    @Inject Outbox outbox;
    @Inject Clock clock;
    @Inject PreviouslyFunded previouslyFunded;

    /** A row as read: its label ("rows[3]") and the row, or why it could not be read as typed. */
    public record Sent(String label, ApplicationImportRules.Row row, String unreadable) {}

    public record Outcome(int rowsRead, int imported, int unchanged, int participantsCreated) {}

    private record Person(UUID id, String trn, boolean trnVerified, boolean merged) {}

    @Transactional
    public Outcome importRows(List<Sent> sent) {
        AdvisoryLocks.exclusive(em, "application-import");
        List<ApiError> refused = new ArrayList<>();
        List<Checked> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        Map<String, String> courseGroups = new HashMap<>();
        courses.all().forEach((id, c) -> courseGroups.put(id, c.group()));
        for (Sent s : sent) {
            if (s.unreadable() != null) {
                refused.add(new ApiError(s.label(), s.unreadable()));
                continue;
            }
            var result = ApplicationImportRules.check(s.row(), courseGroups);
            if (!result.ok()) refused.add(new ApiError(s.label(), String.join("; ", result.problems())));
            else {
                rows.add(result.row());
                labels.add(s.label());
            }
        }
        Map<String, String> cohorts = cohortFunding();
        Map<String, String> schedules = scheduleGroups();
        Map<UUID, Person> people = people(rows.stream().map(Checked::participantId).toList());
        Map<UUID, UUID> applicationOwners = applicationOwners(rows.stream().map(Checked::applicationId).toList());
        Map<String, UUID> verifiedTrns = verifiedTrnHolders(rows.stream().filter(Checked::trnVerified).map(Checked::trn).toList());

        Map<UUID, Checked> newPeople = new LinkedHashMap<>();
        Map<String, UUID> batchTrns = new HashMap<>();
        Set<UUID> batchApplications = new HashSet<>();
        List<Checked> toInsert = new ArrayList<>();
        int unchanged = 0;
        for (int i = 0; i < rows.size(); i++) {
            Checked r = rows.get(i);
            List<String> p = new ArrayList<>();
            String funding = cohorts.get(r.cohort());
            if (funding == null) p.add("cohort: is not a cohort funding-service has defined");
            String group = schedules.get(r.cohort() + "/" + r.scheduleIdentifier());
            if (funding != null && group == null) p.add("schedule_identifier: is not a schedule of the cohort");
            else if (group != null && !group.equals(r.courseGroup())) p.add("schedule_identifier: is not a schedule for the course");
            if (CohortFunding.CAPPED.equals(funding) && r.fundedPlace() == null)
                p.add("funded_place: is required (true or false) in a capped cohort");
            if (CohortFunding.ZERO.equals(funding) && Boolean.TRUE.equals(r.fundedPlace()))
                p.add("funded_place: must be false in an unfunded cohort");
            if (!batchApplications.add(r.applicationId())) p.add("application_id: appears twice in the batch");
            Person held = people.get(r.participantId());
            Checked earlier = newPeople.get(r.participantId());
            if (held != null && held.merged()) p.add("participant_id: was merged into another participant (use that id)");
            if (held != null && !(Objects.equals(held.trn(), r.trn()) && held.trnVerified() == r.trnVerified()))
                p.add("trn: differs from the participant's TRN held here");
            if (earlier != null && !samePerson(earlier, r)) p.add("participant_id: an earlier row gives this participant other details");
            if (r.trnVerified()) {
                UUID holder = verifiedTrns.getOrDefault(r.trn(), batchTrns.get(r.trn()));
                if (holder != null && !holder.equals(r.participantId())) p.add("trn: is the verified TRN of another participant");
            }
            UUID owner = applicationOwners.get(r.applicationId());
            if (owner != null && !owner.equals(r.participantId())) p.add("application_id: is an application of another participant");
            if (!p.isEmpty()) {
                refused.add(new ApiError(labels.get(i), String.join("; ", p)));
                continue;
            }
            if (owner != null) {
                unchanged++;
                continue;
            }
            if (held == null && earlier == null) newPeople.put(r.participantId(), r);
            if (r.trnVerified()) batchTrns.put(r.trn(), r.participantId());
            toInsert.add(r);
        }
        InvalidRows.refuseUnlessSkipping(false, refused, new ApiError("rows", refused.size() + " of " + sent.size()
                + " rows refused; nothing was imported. Correct them and send the batch again."));

        Instant now = clock.instant();
        insertPeople(newPeople.values(), now);
        insertApplications(toInsert, cohorts, now);
        // an existing person's earlier applications may make an imported one previously funded (d3); new people have no history
        Set<UUID> existing = new HashSet<>();
        for (Checked r : toInsert) if (people.containsKey(r.participantId())) existing.add(r.participantId());
        Map<UUID, Boolean> judged = new HashMap<>();
        if (!existing.isEmpty()) {
            previouslyFunded.rejudgePeople(existing);
            judged.putAll(previouslyFundedOf(toInsert.stream().filter(r -> existing.contains(r.participantId())).map(Checked::applicationId).toList()));
        }
        for (Checked r : toInsert) publish(r, cohorts.get(r.cohort()), judged.getOrDefault(r.applicationId(), false));
        LOG.infof("Imported %d applications (%d new participants); %d unchanged", toInsert.size(), newPeople.size(), unchanged);
        return new Outcome(sent.size(), toInsert.size(), unchanged, newPeople.size());
    }

    private static boolean samePerson(Checked a, Checked b) {
        return Objects.equals(a.trn(), b.trn()) && a.trnVerified() == b.trnVerified() && a.fullName().equals(b.fullName())
                && a.dateOfBirth().equals(b.dateOfBirth()) && a.email().equals(b.email());
    }

    // ------------------------------------------------------------------------------------------------ lookups (one query each)
    private Map<String, String> cohortFunding() {
        Map<String, String> out = new HashMap<>();
        for (Object[] r : rows(em.createNativeQuery("SELECT identifier, funding FROM cohort").getResultList())) out.put((String) r[0], (String) r[1]);
        return out;
    }

    private Map<String, String> scheduleGroups() {
        Map<String, String> out = new HashMap<>();
        for (Object[] r : rows(em.createNativeQuery("SELECT cohort, identifier, course_group FROM schedule").getResultList()))
            out.put(r[0] + "/" + r[1], (String) r[2]);
        return out;
    }

    private Map<UUID, Person> people(List<UUID> ids) {
        Map<UUID, Person> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT id, trn, trn_verified, merged_into IS NOT NULL FROM person WHERE id = ANY(:ids)")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList()))
            out.put((UUID) r[0], new Person((UUID) r[0], r[1] == null ? null : r[1].toString(), (Boolean) r[2], (Boolean) r[3]));
        return out;
    }

    private Map<UUID, UUID> applicationOwners(List<UUID> ids) {
        Map<UUID, UUID> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT id, person_id FROM application WHERE id = ANY(:ids)")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList()))
            out.put((UUID) r[0], (UUID) r[1]);
        return out;
    }

    private Map<String, UUID> verifiedTrnHolders(List<String> trns) {
        Map<String, UUID> out = new HashMap<>();
        if (trns.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT trn, id FROM person WHERE trn_verified AND merged_into IS NULL AND trn = ANY(:trns)")
                .setParameter("trns", trns.toArray(String[]::new)).getResultList()))
            out.put(r[0].toString(), (UUID) r[1]);
        return out;
    }

    private Map<UUID, Boolean> previouslyFundedOf(List<UUID> ids) {
        Map<UUID, Boolean> out = new HashMap<>();
        for (Object[] r : rows(em.createNativeQuery("SELECT id, previously_funded FROM application WHERE id = ANY(:ids)")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList()))
            out.put((UUID) r[0], (Boolean) r[1]);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }

    // ------------------------------------------------------------------------------------------------ writes (one statement each)
    // A chunk's people, applications and their states are three INSERTs whatever the chunk's size (platform ColumnArrays):
    // one round trip each, and the application's statement trigger that counts funded places (V17) runs once per chunk.

    static final String INSERT_PEOPLE = "INSERT INTO person (id, trn, trn_verified, trn_verification_status, full_name, date_of_birth, "
            + "email, created_at, updated_at, significantly_updated_at) "
            + "SELECT CAST(r.id AS uuid), r.trn, CAST(r.trn_verified AS boolean), r.status, r.full_name, CAST(r.date_of_birth AS date), "
            + "r.email, CAST(r.created_at AS timestamptz), CAST(r.now AS timestamptz), CAST(r.now AS timestamptz) "
            + "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) "
            + "AS r(id, trn, trn_verified, status, full_name, date_of_birth, email, created_at, now)";

    private void insertPeople(java.util.Collection<Checked> people, Instant now) {
        if (people.isEmpty()) return;
        List<Checked> rows = List.copyOf(people);
        ColumnArrays.execute(em, INSERT_PEOPLE, ColumnArrays.column(rows, Checked::participantId), ColumnArrays.column(rows, Checked::trn),
                ColumnArrays.column(rows, Checked::trnVerified), ColumnArrays.column(rows, r -> r.trnVerified() ? "verified" : "unchecked"),
                ColumnArrays.column(rows, Checked::fullName), ColumnArrays.column(rows, Checked::dateOfBirth),
                ColumnArrays.column(rows, Checked::email), ColumnArrays.column(rows, Checked::createdAt), ColumnArrays.column(rows, r -> now));
    }

    static final String INSERT_APPLICATIONS = "INSERT INTO application (id, person_id, lead_provider_id, course_identifier, cohort, "
            + "status, work_setting, school_urn, school_ukprn, private_childcare_provider_urn, kind_of_nursery, employment_type, "
            + "headteacher_status, teacher_catchment, teacher_catchment_country, teacher_catchment_iso_country_code, itt_provider, "
            + "lead_mentor, funding_choice, funded_place, accepted_at, training_status, schedule_identifier, created_at, updated_at) "
            + "SELECT CAST(r.id AS uuid), CAST(r.person_id AS uuid), CAST(r.lead_provider_id AS uuid), r.course_identifier, r.cohort, "
            + "'accepted', r.work_setting, r.school_urn, r.school_ukprn, r.private_childcare_provider_urn, r.kind_of_nursery, "
            + "r.employment_type, r.headteacher_status, r.teacher_catchment, r.teacher_catchment_country, r.iso_code, r.itt_provider, "
            + "CAST(r.lead_mentor AS boolean), r.funding_choice, CAST(r.funded_place AS boolean), CAST(r.accepted_at AS timestamptz), "
            + "r.training_status, r.schedule_identifier, CAST(r.created_at AS timestamptz), CAST(r.now AS timestamptz) "
            + "FROM unnest(" + String.join(", ", java.util.Collections.nCopies(24, "CAST(? AS text[])")) + ") "
            + "AS r(id, person_id, lead_provider_id, course_identifier, cohort, work_setting, school_urn, school_ukprn, "
            + "private_childcare_provider_urn, kind_of_nursery, employment_type, headteacher_status, teacher_catchment, "
            + "teacher_catchment_country, iso_code, itt_provider, lead_mentor, funding_choice, funded_place, accepted_at, "
            + "training_status, schedule_identifier, created_at, now)";

    static final String INSERT_STATES = "INSERT INTO application_state (id, application_id, lead_provider_id, state, reason, created_at) "
            + "SELECT CAST(r.id AS uuid), CAST(r.application_id AS uuid), CAST(r.lead_provider_id AS uuid), r.state, r.reason, "
            + "CAST(r.created_at AS timestamptz) FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[])) AS r(id, application_id, lead_provider_id, state, reason, created_at)";

    /** One state row of an imported application. */
    private record State(UUID applicationId, UUID leadProviderId, String state, String reason, Instant at) {}

    private void insertApplications(List<Checked> rows, Map<String, String> cohorts, Instant now) {
        if (rows.isEmpty()) return;
        java.util.function.Function<java.util.function.Function<ApplicationImportRules.Row, String>, String[]> sent =
                f -> ColumnArrays.column(rows, r -> ApplicationImportRules.text(f.apply(r.sent())));
        ColumnArrays.execute(em, INSERT_APPLICATIONS, ColumnArrays.column(rows, Checked::applicationId),
                ColumnArrays.column(rows, Checked::participantId), ColumnArrays.column(rows, Checked::leadProviderId),
                ColumnArrays.column(rows, Checked::courseIdentifier), ColumnArrays.column(rows, Checked::cohort),
                sent.apply(ApplicationImportRules.Row::workSetting), sent.apply(ApplicationImportRules.Row::schoolUrn),
                sent.apply(ApplicationImportRules.Row::schoolUkprn), sent.apply(ApplicationImportRules.Row::privateChildcareProviderUrn),
                sent.apply(ApplicationImportRules.Row::kindOfNursery), sent.apply(ApplicationImportRules.Row::employmentType),
                sent.apply(ApplicationImportRules.Row::headteacherStatus), sent.apply(ApplicationImportRules.Row::teacherCatchment),
                ColumnArrays.column(rows, ApplicationImport::country), ColumnArrays.column(rows, ApplicationImport::isoCode),
                sent.apply(ApplicationImportRules.Row::ittProvider),
                ColumnArrays.column(rows, r -> RegistrationRules.leadMentor(ApplicationImportRules.text(r.sent().employmentType()))),
                sent.apply(ApplicationImportRules.Row::fundingChoice),
                ColumnArrays.column(rows, r -> fundedPlace(r, cohorts.get(r.cohort()))), ColumnArrays.column(rows, Checked::acceptedAt),
                ColumnArrays.column(rows, Checked::trainingStatus), ColumnArrays.column(rows, Checked::scheduleIdentifier),
                ColumnArrays.column(rows, Checked::createdAt), ColumnArrays.column(rows, r -> now));
        List<State> states = new ArrayList<>(rows.size());
        for (Checked r : rows) {
            states.add(new State(r.applicationId(), r.leadProviderId(), "active", null, r.acceptedAt()));
            if (!"active".equals(r.trainingStatus()))
                states.add(new State(r.applicationId(), r.leadProviderId(), r.trainingStatus(), r.trainingStatusReason(), r.trainingStatusChangedAt()));
        }
        ColumnArrays.execute(em, INSERT_STATES, ColumnArrays.column(states, s -> UUID.randomUUID()),
                ColumnArrays.column(states, State::applicationId), ColumnArrays.column(states, State::leadProviderId),
                ColumnArrays.column(states, State::state), ColumnArrays.column(states, State::reason), ColumnArrays.column(states, State::at));
    }

    /** d5 as accept stores it: a capped cohort keeps the choice, a full one null (counts as funded), an unfunded one false. */
    static Boolean fundedPlace(Checked r, String funding) {
        return CohortFunding.CAPPED.equals(funding) ? r.fundedPlace() : CohortFunding.fundedPlaceUntilAccepted(funding);
    }

    private static String country(Checked r) {
        String catchment = ApplicationImportRules.text(r.sent().teacherCatchment());
        String named = ApplicationImportRules.text(r.sent().teacherCatchmentCountry());
        return catchment == null ? named : Catchment.country(catchment, named);
    }

    private static String isoCode(Checked r) {
        String catchment = ApplicationImportRules.text(r.sent().teacherCatchment());
        String named = ApplicationImportRules.text(r.sent().teacherCatchmentCountry());
        return (catchment == null ? Catchment.iso3(named) : Catchment.iso3(catchment, named)).orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ events
    private void publish(Checked r, String funding, boolean previouslyFundedNow) {
        var s = r.sent();
        String id = r.applicationId().toString();
        ApplicationSubmitted submitted = new ApplicationSubmitted();
        submitted.setApplicationId(id);
        submitted.setParticipantId(r.participantId().toString());
        submitted.setTrn(r.trn());
        submitted.setTrnVerified(r.trnVerified());
        submitted.setPreviouslyFunded(previouslyFundedNow);
        submitted.setCourseIdentifier(r.courseIdentifier());
        submitted.setCohort(r.cohort());
        submitted.setLeadProviderId(r.leadProviderId().toString());
        submitted.setWorkSetting(ApplicationImportRules.text(s.workSetting()));
        submitted.setSchoolUrn(ApplicationImportRules.text(s.schoolUrn()));
        submitted.setSchoolUkprn(ApplicationImportRules.text(s.schoolUkprn()));
        submitted.setPrivateChildcareProviderUrn(ApplicationImportRules.text(s.privateChildcareProviderUrn()));
        submitted.setKindOfNursery(ApplicationImportRules.text(s.kindOfNursery()));
        submitted.setEmploymentType(ApplicationImportRules.text(s.employmentType()));
        submitted.setHeadteacherStatus(ApplicationImportRules.text(s.headteacherStatus()));
        submitted.setTeacherCatchment(ApplicationImportRules.text(s.teacherCatchment()));
        submitted.setTeacherCatchmentCountry(country(r));
        submitted.setIttProvider(ApplicationImportRules.text(s.ittProvider()));
        submitted.setLeadMentor(RegistrationRules.leadMentor(ApplicationImportRules.text(s.employmentType())));
        submitted.setFundingChoice(ApplicationImportRules.text(s.fundingChoice()));
        submitted.setSubmittedAt(r.createdAt());
        outbox.publish(Topics.APPLICATION, "application", id, submitted);
        outbox.publish(Topics.APPLICATION, "application", id, ApplicationAccepted.newBuilder()
                .setEventId("").setOccurredAt(r.acceptedAt()).setAggregateId("").setApplicationId(id)
                .setParticipantId(r.participantId().toString()).setTrn(r.trnVerified() ? r.trn() : null)
                .setCourseIdentifier(r.courseIdentifier()).setCohort(r.cohort()).setLeadProviderId(r.leadProviderId().toString())
                .setFundedPlace(fundedPlace(r, funding)).setScheduleIdentifier(r.scheduleIdentifier()).setAcceptedAt(r.acceptedAt())
                .setPreviouslyFunded(previouslyFundedNow).build());
        if (!"active".equals(r.trainingStatus())) {
            outbox.publish(Topics.APPLICATION, "application", id, TrainingStatusChanged.newBuilder()
                    .setEventId("").setOccurredAt(r.trainingStatusChangedAt()).setAggregateId("").setApplicationId(id)
                    .setParticipantId(r.participantId().toString()).setCourseIdentifier(r.courseIdentifier()).setCohort(r.cohort())
                    .setLeadProviderId(r.leadProviderId().toString()).setTrainingStatus(r.trainingStatus())
                    .setPreviousTrainingStatus("active").setReason(r.trainingStatusReason())
                    .setChangedAt(r.trainingStatusChangedAt()).build());
        }
    }
}
