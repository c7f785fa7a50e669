package uk.npq.engagement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The form of a session and of an attendance row. */
class RulesTest {
    static final String P = "2f0e4c1a-0000-4000-8000-000000000001", S = "2f0e4c1a-0000-4000-8000-000000000002";

    @Test
    void aValidSessionHasNoViolations() {
        assertThat(SessionRules.check(new SessionRules.Input("npq-senco", "2026b", "webinar", "Unit 1", Instant.now(), 60, null))).isEmpty();
    }

    @Test
    void everyBadAttributeIsNamed() {
        var v = SessionRules.check(new SessionRules.Input("npq-cooking", "26b", "lecture", " ", null, 0, null));
        assertThat(v).extracting(Violation::attribute)
                .containsExactly("course_identifier", "cohort", "kind", "title", "scheduled_at", "weight");
    }

    @ParameterizedTest
    @CsvSource({"webinar, 1440, true", "webinar, 1441, false", "self_directed_study_unit, 100, true", "self_directed_study_unit, 101, false"})
    void weightIsCappedByKind(String kind, int weight, boolean ok) {
        assertThat(SessionRules.check(new SessionRules.Input("npq-headship", "2025", kind, "T", Instant.now(), weight, null)).isEmpty())
                .isEqualTo(ok);
    }

    @ParameterizedTest(name = "{0} / {1} / {2} / {3} -> {4}")
    @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
            P    | S    | true  | 45   | ok
            P    | S    | TRUE  | null | ok
            P    | S    | no    | 0    | ok
            null | S    | true  | 45   | participant_id: enter the participant's id
            x    | S    | true  | 45   | participant_id: 'x' is not a UUID
            P    | null | true  | 45   | session_id: enter the session's id
            P    | S    | maybe | 45   | attended: 'maybe' is not true or false
            P    | S    | null  | 45   | attended: enter true or false
            P    | S    | true  | 4.5  | minutes: '4.5' is not a whole number
            P    | S    | true  | -1   | minutes: must not be negative
            P    | S    | false | 10   | minutes: a participant who did not attend has no minutes (10 given)
            """)
    void rowForm(String participant, String session, String attended, String minutes, String expected) {
        var p = AttendanceRules.parse(sub(participant), sub(session), attended, minutes);
        assertThat(p.ok() ? "ok" : String.join("; ", p.reasons())).isEqualTo(expected);
    }

    @Test
    void minutesMustFitTheSession() {
        var row = new AttendanceRules.Row(UUID.randomUUID(), UUID.randomUUID(), true, 61);
        assertThat(AttendanceRules.fit(row, SessionKind.WEBINAR, 60)).containsExactly("minutes: 61 is more than the session's 60 minutes");
        assertThat(AttendanceRules.fit(row, SessionKind.WEBINAR, 61)).isEmpty();
        assertThat(AttendanceRules.fit(row, SessionKind.SELF_DIRECTED_STUDY_UNIT, 2)).hasSize(1);
        assertThat(AttendanceRules.fit(new AttendanceRules.Row(row.participantId(), row.sessionId(), true, null),
                SessionKind.SELF_DIRECTED_STUDY_UNIT, 2)).isEqualTo(List.of());
    }

    private static String sub(String s) {
        return s == null ? null : s.equals("P") ? P : s.equals("S") ? S : s;
    }
}
