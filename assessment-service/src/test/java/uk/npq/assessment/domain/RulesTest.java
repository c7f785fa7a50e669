package uk.npq.assessment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Word counting, word limits, eligibility, moderation sampling and the form of what callers send. */
class RulesTest {

    @ParameterizedTest(name = "[{0}] has {1} words")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''                                           | 0
            '   '                                        | 0
            one                                          | 1
            'two  words'                                 | 2
            '  leading and trailing  '                   | 3
            'evidence-based practice'                    | 2
            'don''t stop'                                | 2
            'a 2,000-word case'                          | 3
            'first - second'                             | 2
            'first — second'                             | 2
            '• bullet • points'                          | 2
            'line\\nbreaks'                              | 2
            '(Ofsted, 2024).'                            | 2
            'Schüler über Straße'                        | 3
            '...'                                        | 0
            """)
    void wordsAreRunsBetweenSpacesHoldingALetterOrDigit(String text, int words) {
        assertThat(WordCount.of(text.replace("\\n", "\n"))).isEqualTo(words);
    }

    @Test
    void newLinesTabsAndNonBreakingSpacesSeparateWords() {
        assertThat(WordCount.of("one\ntwo\tthree\u00a0four\r\nfive\u2003six")).isEqualTo(6);
        assertThat(WordCount.of(null)).isZero();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "null", textBlock = """
            npq-leading-teaching, 1500
            npq-leading-teaching-development, 1500
            npq-leading-behaviour-culture, 1500
            npq-leading-literacy, 1500
            npq-leading-primary-mathematics, 1500
            npq-senior-leadership, 2000
            npq-headship, 2500
            npq-executive-leadership, 2500
            npq-early-headship-coaching-offer, null
            npq-cooking, null
            """)
    void defaultWordLimitsPerCourse(String course, Integer limit) {
        assertThat(AssessmentRules.defaultWordLimit(course).orElse(null)).isEqualTo(limit);
    }

    @ParameterizedTest(name = "{0} words against {1}: {2}")
    @CsvSource(nullValues = "null", textBlock = """
            1500, 1500, null
            1501, 1500, 'The submission has 1,501 words; the limit is 1,500.'
            2600, 2500, 'The submission has 2,600 words; the limit is 2,500.'
            """)
    void overTheLimitNamesTheCount(int words, int limit, String detail) {
        assertThat(AssessmentRules.overLimit("text", words, limit).map(Violation::detail).orElse(null)).isEqualTo(detail);
    }

    @ParameterizedTest(name = "{0} {1} meets={2} atRisk={3} in {4}: {5}")
    @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
            accepted | active    | true  | false | THRESHOLD | null
            accepted | active    | false | false | THRESHOLD | The participant's engagement does not meet the completion threshold.
            accepted | active    | null  | null  | THRESHOLD | No engagement is recorded for the participant yet.
            accepted | active    | false | false | ON_TRACK  | null
            accepted | active    | true  | true  | ON_TRACK  | The participant's engagement is at risk of missing the completion threshold.
            accepted | active    | true  | null  | ON_TRACK  | No engagement is recorded for the participant yet.
            accepted | deferred  | true  | false | THRESHOLD | The participant is deferred and may not sit the assessment.
            accepted | withdrawn | true  | false | ON_TRACK  | The participant has withdrawn and may not sit the assessment.
            pending  | active    | true  | false | THRESHOLD | The participant's application is not accepted.
            rejected | null      | true  | false | THRESHOLD | The participant's application is not accepted.
            accepted | null      | true  | false | THRESHOLD | null
            """)
    void whoMaySit(String status, String training, Boolean meets, Boolean atRisk, Eligibility.Mode mode, String refusal) {
        assertThat(Eligibility.refusal(new Eligibility.Facts(status, training, meets, atRisk), mode).orElse(null)).isEqualTo(refusal);
    }

    @Test
    void everyFailIsSampledAndAShareOfThePasses() {
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            UUID id = UUID.randomUUID();
            assertThat(Sampling.sampled(id, false, 0.0)).isTrue();
            assertThat(Sampling.sampled(id, true, 0.0)).isFalse();
            assertThat(Sampling.sampled(id, true, 1.0)).isTrue();
            assertThat(Sampling.sampled(id, true, 0.25)).isEqualTo(Sampling.sampled(id, true, 0.25));
            if (Sampling.sampled(id, true, 0.25)) sampled++;
        }
        assertThat(sampled).isBetween(2200, 2800);
    }

    @ParameterizedTest(name = "{0} at share {1}: {2}")
    @CsvSource({"00000000-0000-0000-0000-000000000001, 0.5", "5f0e4c1a-0000-4000-8000-000000000002, 0.1"})
    void theSampleIsFixedByTheSubmissionAndGrowsWithTheShare(UUID id, double share) {
        double f = Sampling.fraction(id);
        assertThat(f).isBetween(0.0, 1.0);
        assertThat(Sampling.sampled(id, true, f)).isFalse();
        assertThat(Sampling.sampled(id, true, Math.nextUp(f))).isTrue();
        assertThat(Sampling.sampled(id, true, share)).isEqualTo(f < share);
    }

    @Test
    void aWindowNamesEveryBadAttribute() {
        var v = AssessmentRules.check(new AssessmentRules.WindowInput("npq-cooking", null, "26", null, 0,
                List.of(new AssessmentRules.Criterion("learn_when", " "))));
        assertThat(v).extracting(Violation::attribute).containsExactly("course_identifier", "cohort", "first_day", "word_limit",
                "criteria[0].kind", "criteria[0].statement");
        assertThat(AssessmentRules.check(new AssessmentRules.WindowInput("npq-early-headship-coaching-offer", false, "2026b",
                LocalDate.of(2027, 2, 1), null, List.of()))).extracting(Violation::attribute).containsExactly("course_identifier", "criteria");
        assertThat(AssessmentRules.check(new AssessmentRules.WindowInput("npq-headship", true, "2026b", LocalDate.of(2027, 2, 1), null,
                List.of(new AssessmentRules.Criterion("learn_how_to", "Lead change well"))))).isEmpty();
    }

    @ParameterizedTest(name = "text={0} document={1} declared={2}: {3}")
    @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
            'some words' | null    | null | ''
            null         | doc-1   | 1400 | ''
            null         | null    | null | text
            'words'      | doc-1   | 10   | text
            '  ...  '    | null    | null | text
            'words'      | null    | 10   | declared_word_count
            null         | ' '     | 0    | document_reference,declared_word_count
            null         | doc-1   | null | declared_word_count
            """)
    void aSubmissionIsATextOrADocumentWithItsCount(String text, String document, Integer declared, String attributes) {
        assertThat(String.join(",", AssessmentRules.check(new AssessmentRules.SubmissionInput(text, document, declared)).stream()
                .map(Violation::attribute).toList())).isEqualTo(attributes);
    }

    @Test
    void aMarkJudgesEachCriterionOnce() {
        var ok = new AssessmentRules.MarkInput("pass", "Clear rationale", List.of(new AssessmentRules.Judgement(1, true, null),
                new AssessmentRules.Judgement(2, false, "thin on implementation")));
        assertThat(AssessmentRules.check(ok, 2)).isEmpty();
        assertThat(AssessmentRules.check(ok, 3)).extracting(Violation::attribute).containsExactly("criteria");
        var bad = new AssessmentRules.MarkInput("merit", "", List.of(new AssessmentRules.Judgement(1, true, null),
                new AssessmentRules.Judgement(1, null, null)));
        assertThat(AssessmentRules.check(bad, 2)).extracting(Violation::attribute)
                .containsExactly("result", "comments", "criteria[1].criterion", "criteria[1].met");
    }

    @Test
    void moderationAndAppeals() {
        assertThat(AssessmentRules.check(new AssessmentRules.ModerationInput("fail", null))).isEmpty();
        assertThat(AssessmentRules.check(new AssessmentRules.ModerationInput(null, null))).extracting(Violation::attribute).containsExactly("result");
        assertThat(AssessmentRules.check(new AssessmentRules.AppealInput("Marker missed section 3", "upheld", "pass"))).isEmpty();
        assertThat(AssessmentRules.check(new AssessmentRules.AppealInput("No grounds", "dismissed", null))).isEmpty();
        assertThat(AssessmentRules.check(new AssessmentRules.AppealInput("", "upheld", null))).extracting(Violation::attribute)
                .containsExactly("reason", "result");
        assertThat(AssessmentRules.check(new AssessmentRules.AppealInput("x", "dismissed", "pass"))).extracting(Violation::attribute)
                .containsExactly("result");
        assertThat(AssessmentRules.check(new AssessmentRules.AppealInput("x", "maybe", null))).extracting(Violation::attribute)
                .containsExactly("decision");
    }
}
