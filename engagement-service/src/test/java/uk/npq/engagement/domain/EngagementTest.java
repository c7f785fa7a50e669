package uk.npq.engagement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The engagement arithmetic at the threshold's edges, exactly. */
class EngagementTest {
    static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    static final Instant PAST = NOW.minusSeconds(3600), FUTURE = NOW.plusSeconds(3600);

    @ParameterizedTest(name = "{0}/{1} of {2} at threshold {3}: {4}% to date, {5}% of course, meets {6}, at risk {7}")
    @CsvSource(nullValues = "null", textBlock = """
            # attended, required so far, course total, threshold, % to date, % of course, meets, at risk
            899,  1000, 1000, 90,    89.90,  89.90,  false, true
            900,  1000, 1000, 90,    90.00,  90.00,  true,  false
            1000, 1000, 1000, 90,    100.00, 100.00, true,  false
            0,    0,    1000, 90,    null,   0.00,   false, false
            0,    0,    0,    90,    null,   null,   false, false
            # 8999.5 per 10000 cannot happen in whole minutes; two thirds shows how percentages are truncated, never rounded up
            2,    3,    3,    66.67, 66.66,  66.66,  false, true
            2,    3,    3,    66.66, 66.66,  66.66,  true,  false
            # 1799/2000 = 89.95%: below 90 even though it would round to 90.0
            1799, 2000, 2000, 90,    89.95,  89.95,  false, true
            # at_risk boundary: 800 of 1000 held, 100 to come: 900 of 1000 is still reachable
            800,  900,  1000, 90,    88.88,  80.00,  false, false
            799,  900,  1000, 90,    88.77,  79.90,  false, true
            # a lower threshold for a course and cohort
            850,  1000, 1000, 85,    85.00,  85.00,  true,  false
            849,  1000, 1000, 85,    84.90,  84.90,  false, true
            """)
    void oneMeasureAgainstTheThreshold(long attended, long required, long total, BigDecimal threshold, BigDecimal toDate,
                                       BigDecimal ofCourse, boolean meets, boolean atRisk) {
        Measure m = new Measure(attended, required, total);
        assertThat(m.percentToDate()).isEqualTo(toDate == null ? null : toDate.setScale(2));
        assertThat(m.percentOfCourse()).isEqualTo(ofCourse == null ? null : ofCourse.setScale(2));
        assertThat(m.meets(threshold)).isEqualTo(meets);
        assertThat(m.outOfReach(threshold)).isEqualTo(atRisk);
    }

    @Test
    void liveSessionsCountMinutesAndUnitsCountWholeUnitsEachHeldToTheThresholdOnItsOwn() {
        List<Engagement.Session> s = new ArrayList<>();
        s.add(session(SessionKind.FACE_TO_FACE, 300, PAST, true, null));      // whole session: 300
        s.add(session(SessionKind.WEBINAR, 60, PAST, true, 30));               // 30 of 60
        s.add(session(SessionKind.WEBINAR, 60, FUTURE, false, null));          // still to come
        s.add(session(SessionKind.SELF_DIRECTED_STUDY_UNIT, 2, PAST, true, null));
        s.add(session(SessionKind.SELF_DIRECTED_STUDY_UNIT, 1, PAST, false, null));
        Engagement e = Engagement.of(s, Engagement.DEFAULT_THRESHOLD, NOW);
        assertThat(e.live()).isEqualTo(new Measure(330, 360, 420));
        assertThat(e.selfStudy()).isEqualTo(new Measure(2, 3, 3));
        // the headline is the lower measure: units 66.66 (to date and of course) against live 91.66 / 78.57
        assertThat(e.percentToDate()).isEqualByComparingTo("66.66");
        assertThat(e.percentOfCourse()).isEqualByComparingTo("66.66");
        assertThat(e.meetsThreshold()).isFalse();
        assertThat(e.atRisk()).isTrue(); // no units remain to make up the missed one
    }

    @Test
    void aCourseOfOnlyLiveSessionsIsJudgedOnMinutesAlone() {
        Engagement e = Engagement.of(List.of(session(SessionKind.WEBINAR, 100, PAST, true, 90),
                session(SessionKind.WEBINAR, 100, PAST, true, null)), new BigDecimal("90.00"), NOW);
        assertThat(e.selfStudy()).isEqualTo(Measure.NONE);
        assertThat(e.percentOfCourse()).isEqualByComparingTo("95.00");
        assertThat(e.meetsThreshold()).isTrue();
        assertThat(e.atRisk()).isFalse();
    }

    @Test
    void aSessionScheduledExactlyNowHasTakenPlaceAndCreditForFutureSessionsDoesNotCount() {
        Engagement e = Engagement.of(List.of(session(SessionKind.FACE_TO_FACE, 60, NOW, true, null),
                session(SessionKind.FACE_TO_FACE, 60, FUTURE, true, null)), Engagement.DEFAULT_THRESHOLD, NOW);
        assertThat(e.live()).isEqualTo(new Measure(60, 60, 120));
        assertThat(e.percentToDate()).isEqualByComparingTo("100.00");
        assertThat(e.percentOfCourse()).isEqualByComparingTo("50.00");
        assertThat(e.meetsThreshold()).isFalse();
        assertThat(e.atRisk()).isFalse();
    }

    @Test
    void noSessionsAtAllNeitherMeetsNorIsAtRisk() {
        Engagement e = Engagement.of(List.of(), Engagement.DEFAULT_THRESHOLD, NOW);
        assertThat(e.percentToDate()).isNull();
        assertThat(e.percentOfCourse()).isNull();
        assertThat(e.meetsThreshold()).isFalse();
        assertThat(e.atRisk()).isFalse();
    }

    @ParameterizedTest(name = "{0} weight {1}, attended {2}, minutes {3}: credit {4}")
    @CsvSource(nullValues = "null", textBlock = """
            face_to_face,             60, true,  null, 60
            face_to_face,             60, true,  45,   45
            webinar,                  60, true,  90,   60
            webinar,                  60, false, null, 0
            webinar,                  60, false, 0,    0
            self_directed_study_unit, 3,  true,  null, 3
            self_directed_study_unit, 3,  false, null, 0
            """)
    void credit(String kind, int weight, boolean attended, Integer minutes, int credit) {
        assertThat(SessionKind.of(kind).orElseThrow().credit(weight, attended, minutes)).isEqualTo(credit);
    }

    @ParameterizedTest
    @CsvSource({"90, true", "100, true", "0.01, true", "89.95, true", "0, false", "-5, false", "100.01, false", "89.955, false", "90.000, true"})
    void thresholds(BigDecimal threshold, boolean valid) {
        assertThat(Thresholds.valid(threshold)).isEqualTo(valid);
    }

    @Test
    void anImpossibleMeasureIsRefused() {
        assertThatThrownBy(() -> new Measure(5, 4, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Measure(0, 11, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    static Engagement.Session session(SessionKind kind, int weight, Instant at, boolean attended, Integer minutes) {
        return new Engagement.Session(kind, weight, at, attended, minutes);
    }
}
