package uk.npq.registration.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import uk.npq.platform.rest.RowFields;

/**
 * One row of the admin's import of existing records (a migration of the DfE's NPQ records): a person and one of
 * their applications, already accepted by the lead provider. The DfE's ids are kept as ours (participant_id is the
 * person's id, application_id the application's), so lead providers' systems keep theirs. Every field is checked here,
 * without the database; what needs the database (the cohort and schedule copies, ids already held) is checked by
 * {@code service.ApplicationImport}. A problem names the field, never echoes a value (a wrong column could hold
 * personal data).
 */
public final class ApplicationImportRules {
    public static final Set<String> TRAINING_STATUSES = Set.of("active", "deferred", "withdrawn");
    /** The longest text each column takes (the schema's varchar sizes). */
    static final Map<String, Integer> LENGTHS = Map.ofEntries(Map.entry("full_name", 200), Map.entry("email", 320),
            Map.entry("work_setting", 50), Map.entry("school_urn", 10), Map.entry("school_ukprn", 10),
            Map.entry("private_childcare_provider_urn", 10), Map.entry("kind_of_nursery", 50), Map.entry("employment_type", 50),
            Map.entry("headteacher_status", 30), Map.entry("teacher_catchment", 50), Map.entry("teacher_catchment_country", 100),
            Map.entry("itt_provider", 200), Map.entry("funding_choice", 20), Map.entry("training_status_reason", 100));

    private ApplicationImportRules() {}

    /** A row as sent: every value as its JSON type (text for ids, dates and times, which are parsed here). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String participantId, String trn, Boolean trnVerified, String fullName, String dateOfBirth, String email,
                      String applicationId, String leadProviderId, String courseIdentifier, String cohort, String scheduleIdentifier,
                      Boolean fundedPlace, String trainingStatus, String trainingStatusReason, String trainingStatusChangedAt,
                      String acceptedAt, String createdAt, String workSetting, String schoolUrn, String schoolUkprn,
                      String privateChildcareProviderUrn, String kindOfNursery, String employmentType, String headteacherStatus,
                      String teacherCatchment, String teacherCatchmentCountry, String ittProvider, String fundingChoice) {}

    /** A row that passed: typed and normalised. */
    public record Checked(UUID participantId, String trn, boolean trnVerified, String fullName, LocalDate dateOfBirth, String email,
                          UUID applicationId, UUID leadProviderId, String courseIdentifier, String courseGroup, String cohort,
                          String scheduleIdentifier, Boolean fundedPlace, String trainingStatus, String trainingStatusReason,
                          Instant trainingStatusChangedAt, Instant acceptedAt, Instant createdAt, Row sent) {}

    /** The outcome for one row: the checked row, or the problems ("field: what is wrong"). */
    public record Result(Checked row, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * The row's problems, or the checked row. {@code courseGroups}: the courses there are (funding-service's, as this
     * service's copy holds them), each with its group.
     */
    public static Result check(Row r, Map<String, String> courseGroups) {
        List<String> p = new ArrayList<>();
        UUID participant = RowFields.uuid(p, "participant_id", r.participantId(), true);
        UUID application = RowFields.uuid(p, "application_id", r.applicationId(), true);
        UUID leadProvider = RowFields.uuid(p, "lead_provider_id", r.leadProviderId(), true);
        String trn = null;
        if (r.trn() != null && !r.trn().isBlank()) {
            Trn.Result t = Trn.normalise(r.trn());
            if (t.trn().isEmpty()) p.add("trn: must be a TRN of 7 digits");
            else trn = t.trn().get();
        }
        boolean verified = Boolean.TRUE.equals(r.trnVerified());
        if (verified && trn == null) p.add("trn_verified: a verified TRN needs the trn");
        required(p, "full_name", r.fullName());
        required(p, "email", r.email());
        LocalDate dob = null;
        if (required(p, "date_of_birth", r.dateOfBirth())) {
            try {
                dob = LocalDate.parse(r.dateOfBirth().strip());
            } catch (DateTimeParseException e) {
                p.add("date_of_birth: must be a date in the format YYYY-MM-DD");
            }
        }
        String course = r.courseIdentifier() == null ? null : r.courseIdentifier().strip();
        String group = null;
        if (required(p, "course_identifier", course)) {
            if (!courseGroups.containsKey(course)) p.add("course_identifier: is not an NPQ course");
            else group = courseGroups.get(course);
        }
        String cohort = r.cohort() == null ? null : r.cohort().strip();
        if (required(p, "cohort", cohort) && !cohort.matches("20[0-9]{2}[a-z]")) p.add("cohort: must be a cohort identifier such as 2025a");
        required(p, "schedule_identifier", r.scheduleIdentifier());
        String status = r.trainingStatus() == null ? null : r.trainingStatus().strip();
        String reason = r.trainingStatusReason() == null || r.trainingStatusReason().isBlank() ? null : r.trainingStatusReason().strip();
        if (required(p, "training_status", status)) {
            if (!TRAINING_STATUSES.contains(status)) p.add("training_status: must be active, deferred or withdrawn");
            else if (status.equals("active") && reason != null) p.add("training_status_reason: only a deferred or withdrawn participant has one");
            else if (status.equals("deferred") && (reason == null || !TrainingReasons.DEFERRAL.contains(reason)))
                p.add("training_status_reason: must be one of the DfE's deferral reasons");
            else if (status.equals("withdrawn") && (reason == null || !TrainingReasons.WITHDRAWAL.contains(reason)))
                p.add("training_status_reason: must be one of the DfE's withdrawal reasons");
        }
        Instant accepted = RowFields.instant(p, "accepted_at", r.acceptedAt(), true);
        Instant created = RowFields.instant(p, "created_at", r.createdAt(), false);
        Instant changed = RowFields.instant(p, "training_status_changed_at", r.trainingStatusChangedAt(), false);
        if (created == null) created = accepted;
        if (changed == null) changed = accepted;
        if (accepted != null && created != null && created.isAfter(accepted)) p.add("created_at: must not be after accepted_at");
        if (accepted != null && changed != null && changed.isBefore(accepted)) p.add("training_status_changed_at: must not be before accepted_at");
        if (changed != null && "active".equals(status) && r.trainingStatusChangedAt() != null && !changed.equals(accepted))
            p.add("training_status_changed_at: only a deferred or withdrawn participant has one");
        lengths(p, r);
        if (!p.isEmpty()) return new Result(null, p);
        return new Result(new Checked(participant, trn, verified, r.fullName().strip(), dob, r.email().strip(), application, leadProvider,
                course, group, cohort, r.scheduleIdentifier().strip(), r.fundedPlace(), status, reason, changed, accepted, created, r), p);
    }

    private static void lengths(List<String> p, Row r) {
        check(p, "full_name", r.fullName());
        check(p, "email", r.email());
        check(p, "work_setting", r.workSetting());
        check(p, "school_urn", r.schoolUrn());
        check(p, "school_ukprn", r.schoolUkprn());
        check(p, "private_childcare_provider_urn", r.privateChildcareProviderUrn());
        check(p, "kind_of_nursery", r.kindOfNursery());
        check(p, "employment_type", r.employmentType());
        check(p, "headteacher_status", r.headteacherStatus());
        check(p, "teacher_catchment", r.teacherCatchment());
        check(p, "teacher_catchment_country", r.teacherCatchmentCountry());
        check(p, "itt_provider", r.ittProvider());
        check(p, "funding_choice", r.fundingChoice());
        check(p, "training_status_reason", r.trainingStatusReason());
    }

    private static void check(List<String> p, String field, String value) {
        if (value != null && value.strip().length() > LENGTHS.get(field)) p.add(field + ": is longer than " + LENGTHS.get(field) + " characters");
    }

    private static boolean required(List<String> p, String field, String value) {
        if (value == null || value.isBlank()) {
            p.add(field + ": is required");
            return false;
        }
        return true;
    }

    /** Blank text is absent; other text is stripped. */
    public static String text(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
