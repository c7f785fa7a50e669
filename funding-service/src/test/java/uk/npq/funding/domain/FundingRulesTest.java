package uk.npq.funding.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** d2 rows 1 and 2, first match wins; everything else goes to review, never to an unearned "funded". */
class FundingRulesTest {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // cohort | funding | catchment | code                | eligible | review
        "2026a    | zero    | england   | unfunded_cohort     | false    | false",
        "2026a    | zero    | another   | unfunded_cohort     | false    | false",   // row 1 wins over row 2
        "2026b    | capped  | another   | not_in_england      | false    | false",
        "2023a    | full    | scotland  | not_in_england      | false    | false",
        "2026b    | capped  | england   | subject_to_review   | false    | true",
        "2029z    | NULL    | england   | subject_to_review   | false    | true",
    })
    void decides(String cohort, String funding, String catchment, String code, boolean eligible, boolean review) {
        var d = FundingRules.decide(new FundingRules.Inputs(cohort, Optional.ofNullable(funding), catchment, "npq-headship"));
        assertThat(d.code()).isEqualTo(code);
        assertThat(d.eligible()).isEqualTo(eligible);
        assertThat(d.reviewRequired()).isEqualTo(review);
        assertThat(d.trace()).isNotEmpty().last().asString().contains(code);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"2021a,2021-2023", "2023a,2021-2023", "2024a,2024-spring-2025", "2025a,autumn-2025",
            "2026a,2026", "2026b,2026", "x,unknown"})
    void ruleSetIsChosenByCohort(String cohort, String ruleSet) {
        assertThat(FundingRules.ruleSet(cohort)).isEqualTo(ruleSet);
    }
}
