package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every code funding-service's engine produces (funding-service {@code domain.FundingCode}, with the verdict it
 * sends beside it in FundingDecisionMade / FundingDecisionOverridden) shown as the DfE shows it
 * (npq-registration {@code Application#ineligible_for_funding_reason}, {@code #eligible_for_dfe_funding?}).
 */
class FundingReasonTest {

    @ParameterizedTest(name = "{0} ({1}) -> {2}, eligible_for_funding {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // code                                    | verdict | ineligible_for_funding_reason | eligible_for_funding
        "funded                                    | true    | NULL                          | true",
        "marked_funded_by_policy                   | true    | NULL                          | true",
        "previously_funded                         | false   | previously-funded             | false",
        "unfunded_cohort                           | false   | establishment-ineligible      | false",
        "not_in_england                            | false   | establishment-ineligible      | false",
        "not_new_headteacher_requesting_ehco       | false   | establishment-ineligible      | false",
        "not_entitled_childminder                  | false   | establishment-ineligible      | false",
        "early_years_invalid_npq                   | false   | establishment-ineligible      | false",
        "ineligible_establishment_type             | false   | establishment-ineligible      | false",
        "ineligible_establishment_not_a_pp50       | false   | establishment-ineligible      | false",
        "not_lead_mentor_course                    | false   | establishment-ineligible      | false",
        "subject_to_review                         | false   | establishment-ineligible      | false",
        "referred_by_return_to_teaching_adviser    | false   | establishment-ineligible      | false",
        "marked_ineligible_by_policy               | false   | establishment-ineligible      | false",
        "ineligible_institution_type               | false   | establishment-ineligible      | false",
        "no_institution                            | false   | establishment-ineligible      | false",
        "school_outside_catchment                  | false   | establishment-ineligible      | false",
        "early_years_outside_catchment             | false   | establishment-ineligible      | false",
        "not_on_early_years_register               | false   | establishment-ineligible      | false",
        "not_entitled_ey_institution               | false   | establishment-ineligible      | false",
        "early_years_ineligible_establishment      | false   | establishment-ineligible      | false",
        // not decided yet
        "NULL                                      | NULL    | NULL                          | NULL",
    })
    void showsEachFundingCodeAsTheDfeDoes(String code, Boolean eligible, String reason, Boolean eligibleForFunding) {
        assertThat(FundingReason.ineligibleForFundingReason(code, eligible, false)).isEqualTo(reason);
        assertThat(FundingReason.eligibleForFunding(code, eligible, false)).isEqualTo(eligibleForFunding);
    }

    @ParameterizedTest(name = "previously_funded ({0}) is never shown as eligible")
    @CsvSource({"true", "false"})
    void aPreviouslyFundedPersonIsNeverEligible(boolean eligible) {
        assertThat(FundingReason.eligibleForFunding("previously_funded", eligible, false)).isFalse();
        assertThat(FundingReason.ineligibleForFundingReason("previously_funded", eligible, false)).isEqualTo("previously-funded");
    }

    @ParameterizedTest(name = "{0} ({1}), judged previously funded later -> {2}, eligible_for_funding {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // code                       | verdict | ineligible_for_funding_reason | eligible_for_funding
        "funded                       | true    | previously-funded             | false",
        "marked_funded_by_policy      | true    | previously-funded             | true",
        "subject_to_review            | false   | previously-funded             | false",
        "marked_ineligible_by_policy  | false   | previously-funded             | false",
        "NULL                         | NULL    | previously-funded             | NULL",
    })
    void anotherFundedApplicationInTheFamilyMakesItPreviouslyFundedAsTheDfeShowsIt(String code, Boolean eligible, String reason,
                                                                                   Boolean eligibleForFunding) {
        assertThat(FundingReason.ineligibleForFundingReason(code, eligible, true)).isEqualTo(reason);
        assertThat(FundingReason.eligibleForFunding(code, eligible, true)).isEqualTo(eligibleForFunding);
    }
}
