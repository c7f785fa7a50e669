package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import uk.npq.registration.domain.TrnMatcher.NameMode;
import uk.npq.registration.domain.TrnMatcher.Outcome;
import uk.npq.registration.domain.TrnMatcher.TeacherRecord;

/**
 * npq-domain.md e3, one row per rule. The lookup here behaves as the historic record API did: by TRN
 * whatever the date of birth, else by NINO and date of birth; so records that disagree with what was typed
 * reach the matcher. Columns: checks are t(rn) n(ame) d(ate of birth) i (NINO), '-' for a miss; lookups are
 * the TRNs the lookup was called with, in order.
 */
public class TrnMatcherTest {
    record Rec(String trn, String firstName, String middleName, String lastName, LocalDate dateOfBirth,
               String nationalInsuranceNumber, List<PersonName> previousNames, boolean active) implements TeacherRecord {
        static Rec of(String trn, String first, String middle, String last, String dob, String nino, PersonName... previous) {
            return new Rec(trn, first, middle, last, LocalDate.parse(dob), nino, List.of(previous), true);
        }
    }

    static final Map<String, Rec> RECORDS = Stream.of(
            Rec.of("1234567", "Ada", "", "Example", "1985-04-12", "QQ123456A"),
            Rec.of("2000001", "Brian", "James", "Sample", "1979-11-03", "QQ200001B"),
            Rec.of("2000002", "Carys", "", "Newname", "1990-06-21", null, new PersonName("Carys", "", "Oldname")),
            new Rec("2000005", "Gareth", "", "Merged", LocalDate.parse("1975-05-05"), "QQ200005D", List.of(), false),
            Rec.of("2000006", "Hana", "", "Typo", "1992-12-12", "QQ200006C"),
            Rec.of("2000007", "Ivy", "", "Twin", "1995-07-07", "QQ200007A"),
            Rec.of("2000008", "Iris", "", "Twin", "1995-07-07", "QQ200008B"),
            Rec.of("0012345", "Pat", "", "Padded", "1970-03-03", null)
    ).collect(Collectors.toMap(Rec::trn, Function.identity()));

    /** By TRN (date of birth not checked), else by NINO and date of birth; records every TRN it is asked for. */
    static final class HistoricLookup implements TrnMatcher.Lookup<RuntimeException> {
        final List<String> calls = new ArrayList<>();

        @Override
        public Optional<Rec> find(String trn, LocalDate dateOfBirth, String nino) {
            calls.add(trn);
            if (RECORDS.containsKey(trn)) return Optional.of(RECORDS.get(trn));
            return RECORDS.values().stream()
                    .filter(r -> nino != null && nino.replace(" ", "").equalsIgnoreCase(String.valueOf(r.nationalInsuranceNumber())))
                    .filter(r -> r.dateOfBirth().equals(dateOfBirth))
                    .findFirst();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // case                                                  | TRN     | name              | born       | NINO          | outcome              | TRN     | checks | lookups
        "e3.1 TRN and NINO blank: no lookup                      | ''      | Ada Example       | 1985-04-12 | ''            | TRN_AND_NINO_BLANK   | NULL    | ----   | ''",
        "e3.1 TRN and NINO null: no lookup                       | NULL    | Ada Example       | 1985-04-12 | NULL          | TRN_AND_NINO_BLANK   | NULL    | ----   | ''",
        "e3.1 TRN blank: placeholder, found by NINO              | ''      | Hana Typo         | 1992-12-12 | QQ200006C     | VERIFIED             | 2000006 | -ndi   | 0000001",
        "e3.2 TRN padded to seven digits                         | 12345   | Pat Padded        | 1970-03-03 | NULL          | VERIFIED             | 0012345 | tnd-   | 0012345",
        "e3.3 no record                                          | 7654321 | Ada Example       | 1985-04-12 | NULL          | NO_MATCH_FOUND       | NULL    | ----   | 7654321",
        "e3.3 record not active                                  | 2000005 | Gareth Merged     | 1975-05-05 | NULL          | FOUND_BUT_NOT_ACTIVE | NULL    | ----   | 2000005",
        "e3.5 three checks: verified                             | 1234567 | Ada Example       | 1985-04-12 | NULL          | VERIFIED             | 1234567 | tnd-   | 1234567",
        "e3.5 four checks: verified                              | 1234567 | Ada Example       | 1985-04-12 | QQ123456A     | VERIFIED             | 1234567 | tndi   | 1234567",
        "e3.4 NINO compared case-insensitively                   | 1234567 | Ada Example       | 1985-04-12 | qq123456a     | VERIFIED             | 1234567 | tndi   | 1234567",
        "e3.4 NINO spaces ignored                                | 1234567 | Ada Example       | 1985-04-12 | 'qq 12 34 56 a'| VERIFIED            | 1234567 | tndi   | 1234567",
        "e3.4 name case-insensitive                              | 1234567 | ADA EXAMPLE       | 1985-04-12 | NULL          | VERIFIED             | 1234567 | tnd-   | 1234567",
        "e3.4 title stripped                                     | 1234567 | Dr Ada Example    | 1985-04-12 | NULL          | VERIFIED             | 1234567 | tnd-   | 1234567",
        "e3.4 first name only: other surname matches             | 1234567 | Ada Smith         | 1985-04-12 | NULL          | VERIFIED             | 1234567 | tnd-   | 1234567",
        "e3.4 first name only: surname change, previous names    | 2000002 | Mrs Carys Oldname | 1990-06-21 | NULL          | VERIFIED             | 2000002 | tnd-   | 2000002",
        "e3.4 only a title never matches (then e3.5 two-match)   | 1234567 | Dr                | 1985-04-12 | NULL          | VERIFIED             | 1234567 | t-d-   | 1234567",
        "e3.5 exactly two, only the name missed: verified        | 1234567 | Adeline Example   | 1985-04-12 | NULL          | VERIFIED             | 1234567 | t-d-   | 1234567",
        "e3.5 two, name and supplied NINO missed: retry, nobody  | 1234567 | Adeline Example   | 1985-04-12 | QQ999999D     | NO_MATCH_FOUND       | NULL    | ----   | 1234567;0000001",
        "e3.5 two, date of birth missed, no NINO: no retry       | 1234567 | Ada Example       | 1985-04-13 | NULL          | NO_MATCH_FOUND       | NULL    | ----   | 1234567",
        "e3.5 someone else's TRN: retry by NINO finds the right  | 2000001 | Hana Typo         | 1992-12-12 | QQ200006C     | VERIFIED             | 2000006 | -ndi   | 2000001;0000001",
        "e3.5 twin's TRN (same birthday): retry finds the twin   | 2000007 | Iris Twin         | 1995-07-07 | QQ200008B     | VERIFIED             | 2000008 | -ndi   | 2000007;0000001",
        "e3.5 TRN not matched and fewer than three: no retry     | 7777777 | Someone Else      | 1992-12-12 | QQ200006C     | NO_MATCH_FOUND       | NULL    | ----   | 7777777",
        "e3.5 placeholder search too weak: no second retry       | ''      | Someone Else      | 1992-12-12 | QQ200006C     | NO_MATCH_FOUND       | NULL    | ----   | 0000001",
    })
    void firstNameMode(String what, String trn, String name, String born, String nino, Outcome outcome, String matchedTrn,
                       String checks, String lookups) {
        assertMatch(new TrnMatcher(), trn, name, born, nino, outcome, matchedTrn, checks, lookups);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "whole name                                    | 2000001 | Brian James Sample | 1979-11-03 | NULL | VERIFIED       | 2000001 | tnd- | 2000001",
        "first and last name                           | 2000001 | Mr Brian Sample    | 1979-11-03 | NULL | VERIFIED       | 2000001 | tnd- | 2000001",
        "previous surname is a miss, no two-match rule | 2000002 | Carys Oldname      | 1990-06-21 | NULL | NO_MATCH_FOUND | NULL    | ---- | 2000002",
        "first name alone is a miss                    | 2000001 | Brian              | 1979-11-03 | NULL | NO_MATCH_FOUND | NULL    | ---- | 2000001",
    })
    void fullNameMode(String what, String trn, String name, String born, String nino, Outcome outcome, String matchedTrn,
                      String checks, String lookups) {
        assertMatch(new TrnMatcher(NameMode.FULL_NAME), trn, name, born, nino, outcome, matchedTrn, checks, lookups);
    }

    static Stream<String> titles() {
        return Stream.concat(TrnMatcher.TITLES.stream(), Stream.of("DR", "Mrs.", "prof.", "Rev Dr"));
    }

    @ParameterizedTest(name = "{0} Ada Example")
    @MethodSource("titles")
    void everyTitleIsStripped(String title) {
        assertThat(TrnMatcher.nameMatches(title + " Ada Example", RECORDS.get("1234567"), NameMode.FIRST_NAME_ONLY)).isTrue();
        assertThat(TrnMatcher.nameMatches(title + " Ada Example", RECORDS.get("1234567"), NameMode.FULL_NAME)).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @MethodSource("titles")
    void aNameThatIsOnlyATitleNeverMatches(String title) {
        Rec namedLikeATitle = Rec.of("1234567", title, "", title, "1985-04-12", null);
        assertThat(TrnMatcher.nameMatches(title, namedLikeATitle, NameMode.FIRST_NAME_ONLY)).isFalse();
        assertThat(TrnMatcher.nameMatches(title, namedLikeATitle, NameMode.FULL_NAME)).isFalse();
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(nullValues = "NULL", value = {"NULL", "''", "'   '"})
    void aBlankNameNeverMatches(String name) {
        assertThat(TrnMatcher.nameMatches(name, RECORDS.get("1234567"), NameMode.FIRST_NAME_ONLY)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"12345678", "abc", "0000000"})
    void anInvalidTrnIsRefused(String trn) {
        assertThatThrownBy(() -> new TrnMatcher().match(trn, "Ada Example", LocalDate.parse("1985-04-12"), null, new HistoricLookup()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVerifiedResultCarriesThePreviousNames() {
        var result = new TrnMatcher().match("2000002", "Carys Oldname", LocalDate.parse("1990-06-21"), null, new HistoricLookup());
        assertThat(result.previousNames()).containsExactly(new PersonName("Carys", "", "Oldname"));
    }

    /** The checks as four letters, t(rn) n(ame) d(ate of birth) i (NINO), '-' for a miss. */
    public static String letters(TrnMatcher.Checks c) {
        return "" + (c.trn() ? 't' : '-') + (c.name() ? 'n' : '-') + (c.dateOfBirth() ? 'd' : '-')
                + (c.nationalInsuranceNumber() ? 'i' : '-');
    }

    static void assertMatch(TrnMatcher matcher, String trn, String name, String born, String nino, Outcome outcome,
                            String matchedTrn, String checks, String lookups) {
        HistoricLookup lookup = new HistoricLookup();
        var result = matcher.match(trn, name, LocalDate.parse(born), nino, lookup);
        assertThat(result.outcome()).isEqualTo(outcome);
        assertThat(result.trn()).isEqualTo(Optional.ofNullable(matchedTrn));
        assertThat(letters(result.checks())).isEqualTo(checks);
        assertThat(String.join(";", lookup.calls)).isEqualTo(lookups);
        assertThat(result.verified()).isEqualTo(outcome == Outcome.VERIFIED);
        if (!result.verified()) assertThat(result.previousNames()).isEmpty();
    }
}
