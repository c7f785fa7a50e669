package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** funded_place by the cohort's funding (npq-domain.md d5), as the DfE service holds it. */
class CohortFundingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {"zero, false", "capped, NULL", "full, NULL"})
    void fundedPlaceUntilAccepted(String funding, Boolean fundedPlace) {
        assertThat(CohortFunding.fundedPlaceUntilAccepted(funding)).isEqualTo(fundedPlace);
    }

    @ParameterizedTest(name = "{0}, sent {1} -> refused {2}")
    @CsvSource(nullValues = "NULL", value = {
        "zero, true, true", "zero, NULL, true", "zero, false, false",
        "capped, true, false", "capped, false, false", "full, true, false", "full, NULL, false"})
    void onlyFalseIsAcceptedInAnUnfundedCohort(String funding, Boolean sent, boolean refused) {
        assertThat(CohortFunding.acceptRefusesFundedPlace(funding, sent)).isEqualTo(refused);
    }
}
