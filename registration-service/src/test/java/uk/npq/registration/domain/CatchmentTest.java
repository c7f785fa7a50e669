package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** teacher_catchment_country and teacher_catchment_iso_country_code as the DfE derives them (HandleSubmissionForStore). */
class CatchmentTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"england", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man"})
    void aUkCatchmentIsTheUnitedKingdom(String catchment) {
        assertThat(Catchment.country(catchment, null)).isEqualTo("United Kingdom of Great Britain and Northern Ireland");
        assertThat(Catchment.country(catchment, "Scotland")).isEqualTo("United Kingdom of Great Britain and Northern Ireland");
        assertThat(Catchment.iso3(catchment, null)).contains("GBR");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "NULL", value = {
        "France                                               | FRA",
        "\"  france \"                                          | FRA",
        "FRANCE                                               | FRA",
        "Germany                                              | DEU",
        "United Kingdom                                       | GBR",
        "United Kingdom of Great Britain and Northern Ireland | GBR",
        "England                                              | GBR",
        "Scotland                                             | GBR",
        "Wales                                                | GBR",
        "Northern Ireland                                     | GBR",
        "Ireland                                              | IRL",
        "Jersey                                               | JEY",
        "Côte d’Ivoire                                        | CIV",
        "Cote d'Ivoire                                        | CIV",
        "Bosnia and Herzegovina                               | BIH",
        "Saint Lucia                                          | LCA",
        "St. Lucia                                            | LCA",
        "Narnia                                               | NULL",
        "\"\"                                                   | NULL",
        "NULL                                                 | NULL",
    })
    void anotherCountryIsLookedUpByItsEnglishName(String country, String iso3) {
        assertThat(Catchment.iso3("another", country).orElse(null)).isEqualTo(iso3);
        assertThat(Catchment.country("another", country)).isEqualTo(country == null || country.isBlank() ? null : country.strip());
    }

    @Test
    void everyCountryOfTheJdksLocaleDataIsFoundByItsEnglishName() {
        for (String alpha2 : Locale.getISOCountries()) {
            Locale country = Locale.of("", alpha2);
            assertThat(Catchment.iso3(country.getDisplayCountry(Locale.ENGLISH))).as(alpha2).contains(country.getISO3Country());
            assertThat(Catchment.isIso3(country.getISO3Country())).as(alpha2).isTrue();
        }
        assertThat(Catchment.isIso3("XYZ")).isFalse();
    }
}
