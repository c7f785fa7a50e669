package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One imported row, checked without the database: each field's problem names the field and never the value. */
class ApplicationImportRulesTest {
    /** The twelve f1 courses and their groups, as the service's copy of funding's courses holds them. */
    static final java.util.Map<String, String> COURSE_GROUPS = uk.npq.platform.testing.CourseFixtures.F1_COURSES.stream()
            .collect(java.util.stream.Collectors.toMap(uk.npq.platform.testing.CourseFixtures.F1::identifier,
                    uk.npq.platform.testing.CourseFixtures.F1::group));

    static final String P = UUID.randomUUID().toString(), A = UUID.randomUUID().toString(), LP = UUID.randomUUID().toString();

    static ApplicationImportRules.Row row(String field, String value) {
        String trn = "trn".equals(field) ? value : "1234567";
        Boolean verified = "trn_verified".equals(field) ? Boolean.valueOf(value) : true;
        String status = "training_status".equals(field) ? value : "active";
        String reason = "training_status_reason".equals(field) ? value : null;
        return new ApplicationImportRules.Row("participant_id".equals(field) ? value : P, trn, verified,
                "full_name".equals(field) ? value : "Ada Example", "date_of_birth".equals(field) ? value : "1984-03-02",
                "email".equals(field) ? value : "ada@example.org", "application_id".equals(field) ? value : A, LP,
                "course_identifier".equals(field) ? value : "npq-headship", "cohort".equals(field) ? value : "2026b",
                "npq-leadership-autumn", true, status, reason,
                "training_status_changed_at".equals(field) ? value : null, "accepted_at".equals(field) ? value : "2026-09-01T10:00:00Z",
                "created_at".equals(field) ? value : null, null, "school_urn".equals(field) ? value : "100001", null, null, null, null,
                null, "england", null, null, null);
    }

    @Test
    void aGoodRowIsTypedWithItsDefaults() {
        var r = ApplicationImportRules.check(row("none", null), COURSE_GROUPS);
        assertThat(r.problems()).isEmpty();
        assertThat(r.row().participantId()).isEqualTo(UUID.fromString(P));
        assertThat(r.row().courseGroup()).isEqualTo("leadership");
        assertThat(r.row().createdAt()).isEqualTo(Instant.parse("2026-09-01T10:00:00Z")); // created_at defaults to accepted_at
        assertThat(r.row().trainingStatusChangedAt()).isEqualTo(r.row().acceptedAt());
    }

    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {
        "participant_id | NULL | participant_id: is required",
        "participant_id | 123 | participant_id: must be a UUID",
        "application_id | NULL | application_id: is required",
        "trn | 12AB | trn: must be a TRN of 7 digits",
        "trn | NULL | trn_verified: a verified TRN needs the trn",
        "full_name | ' ' | full_name: is required",
        "date_of_birth | 02/03/1984 | date_of_birth: must be a date in the format YYYY-MM-DD",
        "course_identifier | npq-juggling | course_identifier: is not an NPQ course",
        "cohort | 2026 | cohort: must be a cohort identifier such as 2025a",
        "training_status | paused | training_status: must be active, deferred or withdrawn",
        "training_status | deferred | training_status_reason: must be one of the DfE's deferral reasons",
        "training_status | withdrawn | training_status_reason: must be one of the DfE's withdrawal reasons",
        "training_status_reason | other | training_status_reason: only a deferred or withdrawn participant has one",
        "accepted_at | 2026-09-01 | accepted_at: must be an RFC 3339 date and time",
        "created_at | 2026-09-02T10:00:00Z | created_at: must not be after accepted_at",
        "training_status_changed_at | 2026-08-01T10:00:00Z | training_status_changed_at: must not be before accepted_at",
        "school_urn | 12345678901 | school_urn: is longer than 10 characters"})
    void aBadFieldIsNamed(String field, String value, String problem) {
        var r = ApplicationImportRules.check(row(field, value), COURSE_GROUPS);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).contains(problem);
        if (value != null && value.length() > 3) assertThat(String.join(" ", r.problems())).doesNotContain(value);
    }
}
