package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** npq-domain.md e1: strip non-digits, pad 5-7 digits to 7, reject 0000000, the three messages. */
class TrnTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "1234567     | 1234567",
        "RP99/12345  | 9912345",
        "12345       | 0012345",
        "123456      | 0123456",
        "' 12 34 567'| 1234567",
    })
    void normalises(String input, String expected) {
        assertThat(Trn.normalise(input).trn()).contains(expected);
        assertThat(Trn.normalise(input).error()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL        | TRN can't be blank",
        "''          | TRN can't be blank",
        "'   '       | TRN can't be blank",
        "abcdefg     | TRN must only contain numbers",
        "1234        | TRN is the wrong length (should be 7 characters)",
        "12345678    | TRN is the wrong length (should be 7 characters)",
        "0000000     | TRN is the wrong length (should be 7 characters)",
        "00000       | TRN is the wrong length (should be 7 characters)",
    })
    void refuses(String input, String message) {
        assertThat(Trn.normalise(input).trn()).isEmpty();
        assertThat(Trn.normalise(input).error()).contains(message);
    }
}
