package uk.npq.funding.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.npq.funding.domain.Course.*;
import static uk.npq.funding.domain.FundingCode.*;
import static uk.npq.funding.domain.RuleSet.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import uk.npq.platform.testing.CourseFixtures;

/**
 * The funding engine checked against the decision table of npq-domain.md (d1-d6), one row per line of the table.
 *
 * <p>Every row states only what differs from the defaults of {@link Given}: cohort 2026b (capped), rule set 2026,
 * works in England, NPQH, work setting "a school", a community school (GIAS type 1) in LA 202, phase 2 (primary),
 * 300 pupils, on no eligibility list. Each row asserts the exact outcome code and whether it is funded, and a row
 * that names a d2 line asserts that the trace shows that line fired ("16: ...").
 *
 * <p>The tests at the end of this class are where an independent reading of the reference first disagreed with
 * the engine; the engine was corrected to the reference.
 */
class FundingEngineTableTest {

    private static final FundingEngine ENGINE = new FundingEngine();
    private static final boolean YES = true;
    private static final boolean NO = false;
    /** No d2 line number in the trace: rule-set specific branches (d3) trace without one. */
    private static final String NONE = "-";

    // ---------------------------------------------------------------------------------------------------------
    // d2: the decision order of the 2026 rules, top to bottom, first match wins
    // ---------------------------------------------------------------------------------------------------------

    static Stream<Arguments> d2() {
        return Stream.of(
            //  #     condition                                                        inputs (what differs from the defaults)                          outcome                                funded?
            row("1",  "cohort funding is zero (2026a)",                                given().cohort("2026a").funding("zero"),                          UNFUNDED_COHORT,                       NO),
            row("1",  "cohort funding is zero, even for a new head on EHCO",           given().cohort("2026a").funding("zero").ehco("yes_in_first_two_years"), UNFUNDED_COHORT,                 NO),
            row("2",  "does not work in England (another)",                            given().catchment("another"),                                     NOT_IN_ENGLAND,                        NO),
            row("2",  "does not work in England (legacy value scotland)",              given().catchment("scotland"),                                    NOT_IN_ENGLAND,                        NO),
            row("2",  "catchment not answered",                                        given().catchment(null),                                          NOT_IN_ENGLAND,                        NO),
            row("3",  "previously funded for this course family",                     given().previouslyFunded(),                                       PREVIOUSLY_FUNDED,                     NO),
            row("4",  "EHCO, headteacher when the course starts",                     given().ehco("yes_when_course_starts"),                           FUNDED,                                YES),
            row("4",  "EHCO, headteacher in first two years",                         given().ehco("yes_in_first_two_years"),                           FUNDED,                                YES),
            row("4",  "EHCO, headteacher in first five years",                        given().ehco("yes_in_first_five_years"),                          FUNDED,                                YES),
            row("5",  "EHCO, not a headteacher",                                      given().ehco("no"),                                               NOT_NEW_HEADTEACHER_REQUESTING_EHCO,   NO),
            row("5",  "EHCO, headteacher over two years",                             given().ehco("yes_over_two_years"),                               NOT_NEW_HEADTEACHER_REQUESTING_EHCO,   NO),
            row("5",  "EHCO, headteacher over five years",                            given().ehco("yes_over_five_years"),                              NOT_NEW_HEADTEACHER_REQUESTING_EHCO,   NO),
            row("6",  "childcare, NPQEYL, pre-school class in a school",              given().preschoolClassInSchool().course(EARLY_YEARS_LEADERSHIP),  FUNDED,                                YES),
            row("7",  "childcare, NPQEYL, LA maintained nursery",                     given().earlyYears("local_authority_maintained_nursery").course(EARLY_YEARS_LEADERSHIP), FUNDED,         YES),
            row("7",  "childcare, NPQEYL, private nursery",                           given().earlyYears("private_nursery").course(EARLY_YEARS_LEADERSHIP), FUNDED,                            YES),
            row("7",  "childcare, NPQEYL, another early years setting",               given().earlyYears("another_early_years_setting").course(EARLY_YEARS_LEADERSHIP), FUNDED,                YES),
            row("8",  "childcare, NPQEYL, childminder on the Childminder list",       given().earlyYears("childminder").course(EARLY_YEARS_LEADERSHIP).onChildminderList(), FUNDED,            YES),
            row("9",  "childcare, NPQEYL, childminder not on the list",               given().earlyYears("childminder").course(EARLY_YEARS_LEADERSHIP), NOT_ENTITLED_CHILDMINDER,              NO),
            row("10", "childcare, LA nursery school (type 15), NPQH",                  given().laNurserySchool().course(HEADSHIP),                       FUNDED,                                YES),
            row("10", "childcare, LA nursery school (type 15), NPQSL",                 given().laNurserySchool().course(SENIOR_LEADERSHIP),              FUNDED,                                YES),
            row("10", "childcare, LA nursery school (type 15), NPQSENCO",              given().laNurserySchool().course(SENCO),                          FUNDED,                                YES),
            row("11", "childcare, LA nursery school, NPQLT",                           given().laNurserySchool().course(LEADING_TEACHING),               EARLY_YEARS_INVALID_NPQ,               NO),
            row("11", "childcare, LA nursery school, NPQEL",                           given().laNurserySchool().course(EXECUTIVE_LEADERSHIP),           EARLY_YEARS_INVALID_NPQ,               NO),
            row("11", "childcare, LA nursery school, NPQLPM",                          given().laNurserySchool().course(LEADING_PRIMARY_MATHEMATICS),    EARLY_YEARS_INVALID_NPQ,               NO),
            row("12", "childcare, private nursery, NPQH",                              given().earlyYears("private_nursery").course(HEADSHIP),          EARLY_YEARS_INVALID_NPQ,               NO),
            row("12", "childcare, childminder, NPQSENCO",                              given().earlyYears("childminder").course(SENCO),                 EARLY_YEARS_INVALID_NPQ,               NO),
            row("12", "childcare, pre-school class in a type-1 school, NPQH",          given().preschoolClassInSchool().course(HEADSHIP),               EARLY_YEARS_INVALID_NPQ,               NO),
            row("13", "school on the RISE list, NPQLT, not PP50",                     given().onRise().course(LEADING_TEACHING),                        FUNDED,                                YES),
            row("13", "16-19 setting on the RISE list, NPQEL, not PP50",              given().sixteenToNineteen().onRise().course(EXECUTIVE_LEADERSHIP), FUNDED,                              YES),
            row("14", "establishment type not eligible (11 other independent)",       given().type(11),                                                 INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("14", "type not eligible, even on the PP50 list",                     given().type(11).course(LEADING_TEACHING).onPp50Schools(),        INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("15", "NPQEYL in an eligible school",                                 given().course(EARLY_YEARS_LEADERSHIP),                           FUNDED,                                YES),
            row("15", "NPQEYL in an academy trust school",                            given().academyTrust().course(EARLY_YEARS_LEADERSHIP),            FUNDED,                                YES),
            row("16", "NPQLPM, school on the PP50 list",                              given().course(LEADING_PRIMARY_MATHEMATICS).onPp50Schools(),      FUNDED,                                YES),
            row("16", "NPQLBC, school on the PP50 list",                              given().course(LEADING_BEHAVIOUR_CULTURE).onPp50Schools(),        FUNDED,                                YES),
            row("16", "NPQLL, school on the PP50 list",                               given().course(LEADING_LITERACY).onPp50Schools(),                 FUNDED,                                YES),
            row("16", "NPQLT, school on the PP50 list",                               given().course(LEADING_TEACHING).onPp50Schools(),                 FUNDED,                                YES),
            row("16", "NPQLTD, school on the PP50 list",                              given().course(LEADING_TEACHING_DEVELOPMENT).onPp50Schools(),     FUNDED,                                YES),
            row("16", "NPQEL, school on the PP50 list",                               given().course(EXECUTIVE_LEADERSHIP).onPp50Schools(),             FUNDED,                                YES),
            row("16", "NPQLT, 16-19 setting on the PP50 FE (UKPRN) list",             given().sixteenToNineteen().course(LEADING_TEACHING).onPp50FurtherEducation(), FUNDED,                   YES),
            row("17", "NPQLPM, school not on the PP50 list",                          given().course(LEADING_PRIMARY_MATHEMATICS),                      INELIGIBLE_ESTABLISHMENT_NOT_A_PP50,   NO),
            row("17", "NPQLBC, school not on the PP50 list",                          given().course(LEADING_BEHAVIOUR_CULTURE),                        INELIGIBLE_ESTABLISHMENT_NOT_A_PP50,   NO),
            row("17", "NPQLL, school not on the PP50 list",                           given().course(LEADING_LITERACY),                                 INELIGIBLE_ESTABLISHMENT_NOT_A_PP50,   NO),
            row("17", "NPQLT, school not on the PP50 list",                           given().course(LEADING_TEACHING),                                 INELIGIBLE_ESTABLISHMENT_NOT_A_PP50,   NO),
            row("17", "NPQLTD, school not on the PP50 list",                          given().course(LEADING_TEACHING_DEVELOPMENT),                     INELIGIBLE_ESTABLISHMENT_NOT_A_PP50,   NO),
            row("17", "NPQEL, school not on the PP50 list",                           given().course(EXECUTIVE_LEADERSHIP),                             INELIGIBLE_ESTABLISHMENT_NOT_A_PP50,   NO),
            row("17", "NPQLT, 16-19 setting on the schools list but not the FE list", given().sixteenToNineteen().course(LEADING_TEACHING).onPp50Schools(), INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO),
            row("18", "NPQH in an eligible school",                                   given(),                                                          FUNDED,                                YES),
            row("18", "NPQSL in an eligible school",                                  given().course(SENIOR_LEADERSHIP),                                FUNDED,                                YES),
            row("18", "NPQSENCO in an eligible school",                               given().course(SENCO),                                            FUNDED,                                YES),
            row("18", "ASO in an eligible school",                                    given().course(ADDITIONAL_SUPPORT_OFFER),                         FUNDED,                                YES),
            row("18", "NPQH, academy trust",                                          given().academyTrust(),                                           FUNDED,                                YES),
            row("18", "NPQSL, 16-19 setting (type 39) on no list",                    given().sixteenToNineteen().type(39).course(SENIOR_LEADERSHIP),   FUNDED,                                YES),
            row("19", "ITT lead mentor, NPQLTD, provider approved",                   given().leadMentor(true).course(LEADING_TEACHING_DEVELOPMENT),    FUNDED,                                YES),
            row("20", "ITT lead mentor, NPQLTD, provider not approved",               given().leadMentor(false).course(LEADING_TEACHING_DEVELOPMENT),   INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("21", "ITT lead mentor, NPQH",                                        given().leadMentor(true).course(HEADSHIP),                        NOT_LEAD_MENTOR_COURSE,                NO),
            row("21", "ITT lead mentor, NPQLT",                                       given().leadMentor(true).course(LEADING_TEACHING),                NOT_LEAD_MENTOR_COURSE,                NO),
            row("22", "another setting, LA virtual school, NPQH",                     given().anotherSetting("local_authority_virtual_school"),          SUBJECT_TO_REVIEW,                     NO),
            row("22", "another setting, hospital school, NPQSENCO",                   given().anotherSetting("hospital_school").course(SENCO),          SUBJECT_TO_REVIEW,                     NO),
            row("22", "another setting, young offender institution, NPQSL",           given().anotherSetting("young_offender_institution").course(SENIOR_LEADERSHIP), SUBJECT_TO_REVIEW,       NO),
            row("22", "another setting, LA supply teacher, NPQH",                     given().anotherSetting("local_authority_supply_teacher"),          SUBJECT_TO_REVIEW,                     NO),
            row("23", "another setting, hospital school, NPQLT",                      given().anotherSetting("hospital_school").course(LEADING_TEACHING), INELIGIBLE_ESTABLISHMENT_TYPE,       NO),
            row("23", "another setting, young offender institution, NPQEYL",          given().anotherSetting("young_offender_institution").course(EARLY_YEARS_LEADERSHIP), INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            row("23", "another setting, employment other, NPQH",                      given().anotherSetting("other"),                                  INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("23", "another setting, employment not answered, NPQH",               given().anotherSetting(null),                                     INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("24", "other, referred by a Return to Teaching Adviser",              given().otherSetting(true),                                       REFERRED_BY_RETURN_TO_TEACHING_ADVISER, NO),
            row("25", "other, not referred",                                          given().otherSetting(false),                                      INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("26", "work setting missing",                                         given().setting(null),                                            INELIGIBLE_ESTABLISHMENT_TYPE,         NO),
            row("26", "work setting unknown",                                         given().setting("a_university"),                                  INELIGIBLE_ESTABLISHMENT_TYPE,         NO));
    }

    @ParameterizedTest(name = "d2 row {0}: {1} -> {3}")
    @MethodSource("d2")
    void d2DecisionTable(String line, String condition, FundingInputs in, FundingCode outcome, boolean funded) {
        assertOutcome(ENGINE.decide(in), in, outcome, funded, line);
    }

    /** d2 last line: "School branch with no institution selected | raises MissingMandatoryInstitution". */
    @ParameterizedTest(name = "{0} with no school -> MissingInput({1})")
    @CsvSource({
        "a_school,                       school_urn",
        "an_academy_trust,               school_urn",
        "a_16_to_19_educational_setting, school_ukprn",
    })
    void schoolBranchWithoutASchool(String setting, String attribute) {
        for (RuleSet rules : RuleSet.values()) {
            // even on the RISE list: the school is needed before any list can be looked at
            FundingInputs in = given().setting(setting).noSchool().onRise().build(rules);
            assertThatThrownBy(() -> ENGINE.decide(in))
                    .as("%s judged by %s", setting, rules)
                    .isInstanceOfSatisfying(FundingEngine.MissingInput.class,
                            e -> assertThat(e.attribute).isEqualTo(attribute));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // First match wins
    // ---------------------------------------------------------------------------------------------------------

    static Stream<Arguments> firstMatchRows() {
        return Stream.of(
            //     what                                                    inputs                                                                   outcome                              funded  fires  not
            first("zero cohort beats not in England",                      given().cohort("2026a").funding("zero").catchment("another"),            UNFUNDED_COHORT,                     NO,  "1",  "2"),
            first("not in England beats previously funded",                given().catchment("another").previouslyFunded(),                         NOT_IN_ENGLAND,                      NO,  "2",  "3"),
            first("previously funded beats EHCO for a new head",           given().previouslyFunded().ehco("yes_when_course_starts"),               PREVIOUSLY_FUNDED,                   NO,  "3",  "4"),
            first("previously funded is an input: ASO (EHCO family)",      given().previouslyFunded().course(ADDITIONAL_SUPPORT_OFFER),             PREVIOUSLY_FUNDED,                   NO,  "3",  "18"),
            first("EHCO is decided before the work setting",               given().otherSetting(false).ehco("no"),                                  NOT_NEW_HEADTEACHER_REQUESTING_EHCO, NO,  "5",  "25"),
            first("EHCO for a new head needs no school",                   given().noSchool().ehco("yes_in_first_five_years"),                      FUNDED,                              YES, "4",  NONE),
            first("zero cohort needs no school",                           given().noSchool().cohort("2026a").funding("zero"),                      UNFUNDED_COHORT,                     NO,  "1",  NONE),
            first("EYL rows come before the LA nursery rows",              given().laNurserySchool().course(EARLY_YEARS_LEADERSHIP),                FUNDED,                              YES, "7",  "10"),
            first("RISE beats an ineligible establishment type",           given().onRise().type(11),                                               FUNDED,                              YES, "13", "14"),
            first("RISE beats the PP50 rule",                              given().onRise().course(LEADING_LITERACY),                               FUNDED,                              YES, "13", "17"),
            first("ineligible type beats EYL in a school",                 given().type(11).course(EARLY_YEARS_LEADERSHIP),                         INELIGIBLE_ESTABLISHMENT_TYPE,       NO,  "14", "15"),
            first("16-19 setting uses the PP50 FE list, not the schools",  given().sixteenToNineteen().course(LEADING_LITERACY).onPp50Schools(),    INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO,  "17", "16"),
            first("a school uses the PP50 schools list, not the FE list",  given().course(LEADING_LITERACY).onPp50FurtherEducation(),               INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO,  "17", "16"),
            first("lead mentor on another course, approved provider",      given().leadMentor(true).course(HEADSHIP),                               NOT_LEAD_MENTOR_COURSE,              NO,  "21", "19"),
            first("lists do not matter outside the school branch",         given().anotherSetting("hospital_school").onRise().onPp50Schools(),      SUBJECT_TO_REVIEW,                   NO,  "22", "13"),
            first("RISE does not help in a childcare setting",             given().earlyYears("private_nursery").onRise(),                          EARLY_YEARS_INVALID_NPQ,             NO,  "12", "13"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("firstMatchRows")
    void firstMatchWins(String what, FundingInputs in, FundingCode outcome, boolean funded, String fires, String doesNotFire) {
        FundingEngine.Outcome out = ENGINE.decide(in);
        assertOutcome(out, in, outcome, funded, fires);
        if (!NONE.equals(doesNotFire)) {
            assertThat(out.trace()).as("d2 row %s must not fire", doesNotFire)
                    .noneMatch(t -> t.startsWith(doesNotFire + ": "));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // d1: establishment facts
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void establishmentReferenceDataIsTheSpecs() {
        assertThat(FundingEngine.ELIGIBLE_TYPE_CODES).containsExactlyInAnyOrder(
                1, 2, 3, 5, 6, 7, 8, 10, 12, 14, 15, 18, 24, 26, 28, 31, 32, 33, 34, 35, 36, 38, 39, 40, 41, 42, 43, 44, 45, 46);
        assertThat(FundingEngine.ELIGIBLE_TYPE_CODES).hasSize(30);
        assertThat(FundingEngine.NOT_IN_ENGLAND_LA_CODES).containsExactlyInAnyOrder("673", "702", "000", "704", "708");
        assertThat(FundingEngine.WELSH_ESTABLISHMENT).isEqualTo(30);
        assertThat(FundingEngine.LA_NURSERY_SCHOOL).isEqualTo(15);
    }

    static Stream<Integer> eligibleTypeCodes() {
        return FundingEngine.ELIGIBLE_TYPE_CODES.stream().sorted();
    }

    @ParameterizedTest(name = "NPQH in an establishment of eligible type {0} is funded (row 18)")
    @MethodSource("eligibleTypeCodes")
    void everyEligibleTypeIsFundedForNpqh(int type) {
        FundingInputs in = given().type(type).build();
        assertOutcome(ENGINE.decide(in), in, FUNDED, YES, "18");
    }

    @ParameterizedTest(name = "NPQH in an establishment of type {0} is not funded (row 14)")
    @ValueSource(ints = {0, 4, 11, 25, 27, 29, 30, 37, 56})
    void ineligibleTypesAreNotFunded(int type) {
        FundingInputs in = given().type(type).build();
        assertOutcome(ENGINE.decide(in), in, INELIGIBLE_ESTABLISHMENT_TYPE, NO, "14");
    }

    /** d1: "A school is 'not in England' if type 30 or LA code 673, 702, 000, 704, 708." */
    @ParameterizedTest(name = "NPQH, school type {0} in LA {1}: 2024 onwards {2}, 2021-23 {3}")
    @CsvSource(delimiter = '|', value = {
        // type | LA  | 2024, autumn 2025, 2026      | 2021-23
        "1      | 673 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "1      | 702 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "1      | 000 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "1      | 704 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "1      | 708 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "34     | 702 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "30     | 202 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "30     | 673 | INELIGIBLE_ESTABLISHMENT_TYPE | SCHOOL_OUTSIDE_CATCHMENT",
        "1      | 202 | FUNDED                        | FUNDED",
        "1      | 201 | FUNDED                        | FUNDED",
        "1      | 700 | FUNDED                        | FUNDED",
    })
    void schoolsOutsideEngland(int type, String la, FundingCode from2024, FundingCode y2021To2023) {
        SoftAssertions.assertSoftly(softly -> {
            for (RuleSet rules : RuleSet.values()) {
                FundingInputs in = given().type(type).la(la).build(rules);
                FundingEngine.Outcome out = ENGINE.decide(in);
                FundingCode expected = rules == Y2021_2023 ? y2021To2023 : from2024;
                softly.assertThat(out.code()).as("type %s LA %s judged by %s; trace %s", type, la, rules, out.trace())
                        .isEqualTo(expected);
                softly.assertThat(out.eligible()).as("eligible, %s", rules).isEqualTo(expected == FUNDED);
                if (expected == INELIGIBLE_ESTABLISHMENT_TYPE) {
                    softly.assertThat(out.trace()).as("row 14 fired, %s", rules).anyMatch(t -> t.startsWith("14: "));
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // d3: the same inputs judged by each rule set
    // ---------------------------------------------------------------------------------------------------------

    /** ONLY_PP50 per rule set: every course in an eligible school on no list (and not on RISE). */
    @ParameterizedTest(name = "{0} in an eligible school on no list: 2026 {1}, autumn 2025 {2}, 2024 {3}, 2021-23 {4}")
    @CsvSource(delimiter = '|', value = {
        // course                         | 2026                                | autumn 2025                         | 2024 / spring 2025                  | 2021-23
        "EARLY_YEARS_LEADERSHIP           | FUNDED                              | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "EXECUTIVE_LEADERSHIP             | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "HEADSHIP                         | FUNDED                              | FUNDED                              | FUNDED                              | FUNDED",
        "SENIOR_LEADERSHIP                | FUNDED                              | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "SENCO                            | FUNDED                              | FUNDED                              | FUNDED                              | FUNDED",
        "LEADING_BEHAVIOUR_CULTURE        | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "LEADING_LITERACY                 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "LEADING_PRIMARY_MATHEMATICS      | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED                              | FUNDED",
        "LEADING_TEACHING                 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "LEADING_TEACHING_DEVELOPMENT     | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | INELIGIBLE_ESTABLISHMENT_NOT_A_PP50 | FUNDED",
        "ADDITIONAL_SUPPORT_OFFER         | FUNDED                              | FUNDED                              | FUNDED                              | FUNDED",
    })
    void coursesInASchoolOnNoList(Course course, FundingCode y2026, FundingCode autumn2025, FundingCode y2024, FundingCode y2021) {
        assertAcrossRuleSets(facts(course).shortCode() + " in an eligible school on no list", given().course(course),
                y2026, autumn2025, y2024, y2021);
    }

    /** On the PP50 schools list every course is funded in an eligible school, whatever the rule set. */
    @ParameterizedTest(name = "{0} in an eligible school on the PP50 list is funded by every rule set")
    @EnumSource(value = Course.class, names = "EARLY_HEADSHIP_COACHING_OFFER", mode = EnumSource.Mode.EXCLUDE)
    void coursesInAPp50School(Course course) {
        assertAcrossRuleSets(facts(course).shortCode() + " in a PP50 school", given().course(course).onPp50Schools(),
                FUNDED, FUNDED, FUNDED, FUNDED);
    }

    static Stream<Arguments> ruleSetDifferences() {
        return Stream.of(
            //    what                                                            inputs                                                                               2026                                 autumn 2025                          2024 / spring 2025                   2021-23
            diff("NPQLT, RISE school not on a PP50 list",                          given().onRise().course(LEADING_TEACHING),                                           FUNDED,                              FUNDED,                              INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, FUNDED),
            diff("NPQEYL, RISE school not on a PP50 list",                         given().onRise().course(EARLY_YEARS_LEADERSHIP),                                     FUNDED,                              FUNDED,                              INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, FUNDED),
            diff("NPQH, RISE school of ineligible type 11",                        given().onRise().type(11),                                                           FUNDED,                              FUNDED,                              INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE),
            diff("NPQH, other independent school (type 11)",                       given().type(11),                                                                    INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE),
            diff("NPQSL, 16-19 setting on the PP50 schools list, not the FE list", given().sixteenToNineteen().course(SENIOR_LEADERSHIP).onPp50Schools(),               FUNDED,                              INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, FUNDED),
            diff("NPQSL, 16-19 setting on the PP50 FE list",                       given().sixteenToNineteen().course(SENIOR_LEADERSHIP).onPp50FurtherEducation(),      FUNDED,                              FUNDED,                              FUNDED,                              FUNDED),
            diff("NPQH, LA nursery school, not on the LocalAuthorityNursery list", given().laNurserySchool(),                                                            FUNDED,                              INELIGIBLE_ESTABLISHMENT_TYPE,       FUNDED,                              FUNDED),
            diff("NPQH, LA nursery school on the LocalAuthorityNursery list",      given().laNurserySchool().onLaNurseryList(),                                         FUNDED,                              FUNDED,                              FUNDED,                              FUNDED),
            diff("NPQSENCO, LA nursery school, not on the list",                   given().laNurserySchool().course(SENCO),                                             FUNDED,                              INELIGIBLE_ESTABLISHMENT_TYPE,       FUNDED,                              FUNDED),
            diff("NPQSL, LA nursery school on the LocalAuthorityNursery list",     given().laNurserySchool().course(SENIOR_LEADERSHIP).onLaNurseryList(),               FUNDED,                              EARLY_YEARS_INVALID_NPQ,             EARLY_YEARS_INVALID_NPQ,             FUNDED),
            diff("NPQLT, LA nursery school on the LocalAuthorityNursery list",     given().laNurserySchool().course(LEADING_TEACHING).onLaNurseryList(),                EARLY_YEARS_INVALID_NPQ,             EARLY_YEARS_INVALID_NPQ,             EARLY_YEARS_INVALID_NPQ,             FUNDED),
            diff("NPQEYL, private nursery on no list, not on the EY Register",    given().earlyYears("private_nursery").course(EARLY_YEARS_LEADERSHIP),                FUNDED,                              NOT_ENTITLED_EY_INSTITUTION,         NOT_ENTITLED_EY_INSTITUTION,         NOT_ON_EARLY_YEARS_REGISTER),
            diff("NPQEYL, private nursery on the Disadvantaged EY list",           given().earlyYears("private_nursery").course(EARLY_YEARS_LEADERSHIP).onDisadvantagedEyList(), FUNDED,                     FUNDED,                              FUNDED,                              NOT_ON_EARLY_YEARS_REGISTER),
            diff("NPQEYL, private nursery on the Ofsted Early Years Register",     given().earlyYears("private_nursery").course(EARLY_YEARS_LEADERSHIP).onEarlyYearsRegister(), FUNDED,                       NOT_ENTITLED_EY_INSTITUTION,         NOT_ENTITLED_EY_INSTITUTION,         FUNDED),
            diff("NPQEYL, another EY setting on no list, not on the Register",    given().earlyYears("another_early_years_setting").course(EARLY_YEARS_LEADERSHIP),    FUNDED,                              NOT_ENTITLED_EY_INSTITUTION,         NOT_ENTITLED_EY_INSTITUTION,         NOT_ON_EARLY_YEARS_REGISTER),
            diff("NPQEYL, pre-school class in a school, on no list",               given().preschoolClassInSchool().course(EARLY_YEARS_LEADERSHIP),                    FUNDED,                              NOT_ENTITLED_EY_INSTITUTION,         NOT_ENTITLED_EY_INSTITUTION,         FUNDED),
            diff("NPQEYL, LA maintained nursery (no GIAS school), on no list",     given().earlyYears("local_authority_maintained_nursery").course(EARLY_YEARS_LEADERSHIP), FUNDED,                          NOT_ENTITLED_EY_INSTITUTION,         NOT_ENTITLED_EY_INSTITUTION,         FUNDED),
            diff("NPQEYL, childminder not on the Childminder list",                given().earlyYears("childminder").course(EARLY_YEARS_LEADERSHIP),                    NOT_ENTITLED_CHILDMINDER,            NOT_ENTITLED_CHILDMINDER,            NOT_ENTITLED_CHILDMINDER,            FUNDED),
            diff("NPQEYL, childminder on the Childminder list",                    given().earlyYears("childminder").course(EARLY_YEARS_LEADERSHIP).onChildminderList(), FUNDED,                             FUNDED,                              FUNDED,                              FUNDED),
            diff("NPQH, childminder",                                              given().earlyYears("childminder"),                                                   EARLY_YEARS_INVALID_NPQ,             EARLY_YEARS_INVALID_NPQ,             EARLY_YEARS_INVALID_NPQ,             EARLY_YEARS_INVALID_NPQ),
            diff("another setting, hospital school, NPQSL",                        given().anotherSetting("hospital_school").course(SENIOR_LEADERSHIP),                 SUBJECT_TO_REVIEW,                   INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       FUNDED),
            diff("another setting, hospital school, NPQH",                         given().anotherSetting("hospital_school"),                                           SUBJECT_TO_REVIEW,                   SUBJECT_TO_REVIEW,                   SUBJECT_TO_REVIEW,                   FUNDED),
            diff("another setting, young offender institution, NPQSENCO",          given().anotherSetting("young_offender_institution").course(SENCO),                  SUBJECT_TO_REVIEW,                   SUBJECT_TO_REVIEW,                   SUBJECT_TO_REVIEW,                   FUNDED),
            diff("another setting, LA virtual school, NPQLT",                      given().anotherSetting("local_authority_virtual_school").course(LEADING_TEACHING),   INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       FUNDED),
            diff("another setting, LA supply teacher, NPQEYL",                     given().anotherSetting("local_authority_supply_teacher").course(EARLY_YEARS_LEADERSHIP), INELIGIBLE_ESTABLISHMENT_TYPE,   INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       FUNDED),
            diff("another setting, employment other, NPQH",                        given().anotherSetting("other"),                                                     INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE),
            diff("ITT lead mentor, NPQLTD, provider approved",                     given().leadMentor(true).course(LEADING_TEACHING_DEVELOPMENT),                       FUNDED,                              FUNDED,                              FUNDED,                              FUNDED),
            diff("ITT lead mentor, NPQLTD, provider not approved",                 given().leadMentor(false).course(LEADING_TEACHING_DEVELOPMENT),                      INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE),
            diff("ITT lead mentor, NPQLT",                                         given().leadMentor(true).course(LEADING_TEACHING),                                   NOT_LEAD_MENTOR_COURSE,              NOT_LEAD_MENTOR_COURSE,              NOT_LEAD_MENTOR_COURSE,              NOT_LEAD_MENTOR_COURSE),
            diff("NPQH, school in LA 702 (outside England)",                       given().la("702"),                                                                   INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       SCHOOL_OUTSIDE_CATCHMENT),
            diff("NPQH, Welsh establishment (type 30)",                            given().type(30),                                                                    INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       INELIGIBLE_ESTABLISHMENT_TYPE,       SCHOOL_OUTSIDE_CATCHMENT),
            diff("EHCO, new headteacher",                                          given().ehco("yes_in_first_five_years"),                                             FUNDED,                              FUNDED,                              FUNDED,                              FUNDED),
            diff("EHCO, headteacher over five years",                              given().ehco("yes_over_five_years"),                                                 NOT_NEW_HEADTEACHER_REQUESTING_EHCO, NOT_NEW_HEADTEACHER_REQUESTING_EHCO, NOT_NEW_HEADTEACHER_REQUESTING_EHCO, NOT_NEW_HEADTEACHER_REQUESTING_EHCO),
            diff("other setting, referred by a Return to Teaching Adviser",        given().otherSetting(true),                                                          REFERRED_BY_RETURN_TO_TEACHING_ADVISER, REFERRED_BY_RETURN_TO_TEACHING_ADVISER, REFERRED_BY_RETURN_TO_TEACHING_ADVISER, REFERRED_BY_RETURN_TO_TEACHING_ADVISER),
            diff("a zero-funded cohort",                                           given().funding("zero"),                                                             UNFUNDED_COHORT,                     UNFUNDED_COHORT,                     UNFUNDED_COHORT,                     UNFUNDED_COHORT),
            diff("previously funded",                                              given().previouslyFunded(),                                                          PREVIOUSLY_FUNDED,                   PREVIOUSLY_FUNDED,                   PREVIOUSLY_FUNDED,                   PREVIOUSLY_FUNDED));
    }

    /** Rule sets judge their usual cohort: 2026b, 2025a, 2024a and 2022a (full funding for 2021-23). */
    @ParameterizedTest(name = "{0}: 2026 {2}, autumn 2025 {3}, 2024 {4}, 2021-23 {5}")
    @MethodSource("ruleSetDifferences")
    void sameInputsJudgedByEachRuleSet(String what, Given given, FundingCode y2026, FundingCode autumn2025,
                                       FundingCode y2024, FundingCode y2021) {
        assertAcrossRuleSets(what, given, y2026, autumn2025, y2024, y2021);
    }

    /** Rows of one rule set, mostly where the cohort matters (2021-23) or the trace names a d2 line. */
    static Stream<Arguments> ruleSetSpecificRows() {
        return Stream.of(
            // 2021-23: everything funded in eligible schools; special employments from cohort 2022; lead mentors from 2022
            at(Y2021_2023, "18", "2021a, NPQLT in an eligible school on no list",        given().cohort("2021a").course(LEADING_TEACHING),                          FUNDED,                        YES),
            at(Y2021_2023, "18", "2023a, NPQEL in an eligible school on no list",        given().cohort("2023a").course(EXECUTIVE_LEADERSHIP),                      FUNDED,                        YES),
            at(Y2021_2023, "15", "2022a, NPQEYL in an eligible school",                  given().course(EARLY_YEARS_LEADERSHIP),                                    FUNDED,                        YES),
            at(Y2021_2023, "14", "2022a, type 11 in England",                            given().type(11),                                                          INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, NONE, "2022a, school in LA 000",                              given().la("000"),                                                         SCHOOL_OUTSIDE_CATCHMENT,      NO),
            at(Y2021_2023, NONE, "2022a, hospital school, NPQLT",                        given().anotherSetting("hospital_school").course(LEADING_TEACHING),        FUNDED,                        YES),
            at(Y2021_2023, NONE, "2023a, young offender institution, NPQEL",             given().cohort("2023a").anotherSetting("young_offender_institution").course(EXECUTIVE_LEADERSHIP), FUNDED, YES),
            at(Y2021_2023, NONE, "2022a, LA virtual school, NPQLPM",                     given().anotherSetting("local_authority_virtual_school").course(LEADING_PRIMARY_MATHEMATICS), FUNDED,   YES),
            at(Y2021_2023, NONE, "2022a, LA supply teacher, ASO",                        given().anotherSetting("local_authority_supply_teacher").course(ADDITIONAL_SUPPORT_OFFER), FUNDED,      YES),
            at(Y2021_2023, "23", "2021a, hospital school, NPQH",                         given().cohort("2021a").anotherSetting("hospital_school"),                 INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, "23", "2021a, young offender institution, NPQSENCO",          given().cohort("2021a").anotherSetting("young_offender_institution").course(SENCO), INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, "23", "2021a, LA virtual school, NPQSL",                      given().cohort("2021a").anotherSetting("local_authority_virtual_school").course(SENIOR_LEADERSHIP), INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, "23", "2021a, LA supply teacher, NPQLT",                      given().cohort("2021a").anotherSetting("local_authority_supply_teacher").course(LEADING_TEACHING), INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, "23", "2022a, employment other, NPQH",                        given().anotherSetting("other"),                                           INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, "19", "2022a, ITT lead mentor, NPQLTD, approved",             given().leadMentor(true).course(LEADING_TEACHING_DEVELOPMENT),             FUNDED,                        YES),
            at(Y2021_2023, "20", "2023a, ITT lead mentor, NPQLTD, not approved",         given().cohort("2023a").leadMentor(false).course(LEADING_TEACHING_DEVELOPMENT), INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2021_2023, "21", "2021a, ITT lead mentor, NPQLTD, approved",             given().cohort("2021a").leadMentor(true).course(LEADING_TEACHING_DEVELOPMENT), NOT_LEAD_MENTOR_COURSE,   NO),
            at(Y2021_2023, "21", "2022a, ITT lead mentor, NPQH",                         given().leadMentor(true).course(HEADSHIP),                                 NOT_LEAD_MENTOR_COURSE,        NO),
            at(Y2021_2023, NONE, "2021a, NPQEYL, childminder (no Childminder list)",     given().cohort("2021a").earlyYears("childminder").course(EARLY_YEARS_LEADERSHIP), FUNDED,                YES),
            at(Y2021_2023, NONE, "2022a, NPQEYL, pre-school class in a school",          given().preschoolClassInSchool().course(EARLY_YEARS_LEADERSHIP),           FUNDED,                        YES),
            at(Y2021_2023, NONE, "2022a, NPQEYL, LA maintained nursery",                 given().earlyYears("local_authority_maintained_nursery").course(EARLY_YEARS_LEADERSHIP), FUNDED,         YES),
            at(Y2021_2023, NONE, "2022a, NPQEYL, another EY setting on the Register",    given().earlyYears("another_early_years_setting").onEarlyYearsRegister().course(EARLY_YEARS_LEADERSHIP), FUNDED, YES),
            at(Y2021_2023, NONE, "2022a, NPQEYL, private nursery not on the Register",   given().earlyYears("private_nursery").course(EARLY_YEARS_LEADERSHIP),      NOT_ON_EARLY_YEARS_REGISTER,   NO),
            at(Y2021_2023, NONE, "2022a, NPQEYL, private nursery, no Ofsted record",     given().earlyYears("private_nursery").noEarlyYearsProvider().course(EARLY_YEARS_LEADERSHIP), NOT_ON_EARLY_YEARS_REGISTER, NO),
            at(Y2021_2023, "10", "2022a, LA nursery school, NPQLT (any course)",         given().laNurserySchool().course(LEADING_TEACHING),                        FUNDED,                        YES),
            at(Y2021_2023, "12", "2022a, private nursery, NPQH",                         given().earlyYears("private_nursery"),                                     EARLY_YEARS_INVALID_NPQ,       NO),
            at(Y2021_2023, "5",  "2022a, EHCO, no",                                      given().ehco("no"),                                                        NOT_NEW_HEADTEACHER_REQUESTING_EHCO, NO),
            at(Y2021_2023, "24", "2022a, other, referred",                               given().otherSetting(true),                                                REFERRED_BY_RETURN_TO_TEACHING_ADVISER, NO),
            // autumn 2025
            at(AUTUMN_2025, "17", "NPQSL in an eligible school on no list",              given().course(SENIOR_LEADERSHIP),                                         INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO),
            at(AUTUMN_2025, "16", "NPQSL in a PP50 school",                              given().course(SENIOR_LEADERSHIP).onPp50Schools(),                         FUNDED,                        YES),
            at(AUTUMN_2025, "17", "NPQEYL in an eligible school on no list",             given().course(EARLY_YEARS_LEADERSHIP),                                    INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO),
            at(AUTUMN_2025, "16", "NPQEYL in a PP50 school",                             given().course(EARLY_YEARS_LEADERSHIP).onPp50Schools(),                    FUNDED,                        YES),
            at(AUTUMN_2025, "13", "NPQEYL in a RISE school",                             given().course(EARLY_YEARS_LEADERSHIP).onRise(),                           FUNDED,                        YES),
            at(AUTUMN_2025, "17", "NPQLPM in an eligible school on no list",             given().course(LEADING_PRIMARY_MATHEMATICS),                               INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO),
            at(AUTUMN_2025, "10", "LA nursery school on the LA Nursery list, NPQH",      given().laNurserySchool().onLaNurseryList(),                               FUNDED,                        YES),
            at(AUTUMN_2025, NONE, "LA nursery school not on the LA Nursery list, NPQH",  given().laNurserySchool(),                                                 INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(AUTUMN_2025, "11", "LA nursery school on the LA Nursery list, NPQSL",     given().laNurserySchool().onLaNurseryList().course(SENIOR_LEADERSHIP),     EARLY_YEARS_INVALID_NPQ,       NO),
            at(AUTUMN_2025, NONE, "NPQEYL, private nursery not on the Disadvantaged EY list", given().earlyYears("private_nursery").course(EARLY_YEARS_LEADERSHIP), NOT_ENTITLED_EY_INSTITUTION,   NO),
            at(AUTUMN_2025, NONE, "NPQEYL, private nursery on the Disadvantaged EY list", given().earlyYears("private_nursery").onDisadvantagedEyList().course(EARLY_YEARS_LEADERSHIP), FUNDED,  YES),
            at(AUTUMN_2025, "8",  "NPQEYL, childminder on the Childminder list",         given().earlyYears("childminder").onChildminderList().course(EARLY_YEARS_LEADERSHIP), FUNDED,            YES),
            at(AUTUMN_2025, "12", "childminder, NPQLT",                                  given().earlyYears("childminder").course(LEADING_TEACHING),                EARLY_YEARS_INVALID_NPQ,       NO),
            at(AUTUMN_2025, "22", "hospital school, NPQSENCO",                           given().anotherSetting("hospital_school").course(SENCO),                   SUBJECT_TO_REVIEW,             NO),
            at(AUTUMN_2025, "23", "hospital school, NPQSL",                              given().anotherSetting("hospital_school").course(SENIOR_LEADERSHIP),       INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            // 2024 / spring 2025
            at(Y2024_SPRING_2025, "18", "NPQLPM in an eligible school on no list",       given().course(LEADING_PRIMARY_MATHEMATICS),                               FUNDED,                        YES),
            at(Y2024_SPRING_2025, "17", "NPQSL in an eligible school on no list",        given().course(SENIOR_LEADERSHIP),                                         INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO),
            at(Y2024_SPRING_2025, "17", "NPQLT on the RISE list (no RISE in 2024)",      given().onRise().course(LEADING_TEACHING),                                 INELIGIBLE_ESTABLISHMENT_NOT_A_PP50, NO),
            at(Y2024_SPRING_2025, "14", "NPQH, type 11 on the RISE list",                given().onRise().type(11),                                                 INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2024_SPRING_2025, "16", "NPQSL, 16-19 setting on the PP50 FE list",      given().sixteenToNineteen().course(SENIOR_LEADERSHIP).onPp50FurtherEducation(), FUNDED,                  YES),
            at(Y2024_SPRING_2025, "14", "NPQH, school in LA 673",                        given().la("673"),                                                         INELIGIBLE_ESTABLISHMENT_TYPE, NO),
            at(Y2024_SPRING_2025, "10", "LA nursery school on the LA Nursery list, NPQSENCO", given().laNurserySchool().onLaNurseryList().course(SENCO),             FUNDED,                        YES),
            at(Y2024_SPRING_2025, "10", "LA nursery school not on the list, NPQSENCO (universal in 2024)", given().laNurserySchool().course(SENCO),               FUNDED,                        YES),
            at(Y2024_SPRING_2025, "11", "LA nursery school, NPQSL (PP50-only in 2024)",   given().laNurserySchool().course(SENIOR_LEADERSHIP),                       EARLY_YEARS_INVALID_NPQ,       NO),
            at(Y2024_SPRING_2025, NONE, "NPQEYL, another EY setting on the Disadvantaged EY list", given().earlyYears("another_early_years_setting").onDisadvantagedEyList().course(EARLY_YEARS_LEADERSHIP), FUNDED, YES),
            at(Y2024_SPRING_2025, "22", "young offender institution, NPQH",              given().anotherSetting("young_offender_institution"),                      SUBJECT_TO_REVIEW,             NO),
            at(Y2024_SPRING_2025, "23", "young offender institution, NPQSL",             given().anotherSetting("young_offender_institution").course(SENIOR_LEADERSHIP), INELIGIBLE_ESTABLISHMENT_TYPE, NO));
    }

    @ParameterizedTest(name = "{0} row {1}: {2} -> {4}")
    @MethodSource("ruleSetSpecificRows")
    void ruleSetRows(RuleSet rules, String line, String what, FundingInputs in, FundingCode outcome, boolean funded) {
        assertThat(in.ruleSet()).isEqualTo(rules);
        assertOutcome(ENGINE.decide(in), in, outcome, funded, line);
    }

    /** d3 2021-23: "all NPQs funded for teachers in state-funded schools ... in England" (EHCO has its own rows). */
    @ParameterizedTest(name = "2021-23: {0} funded in an eligible school on no list, cohorts 2021-2023")
    @EnumSource(value = Course.class, names = "EARLY_HEADSHIP_COACHING_OFFER", mode = EnumSource.Mode.EXCLUDE)
    void y2021To2023FundsEveryCourseInAnEligibleSchool(Course course) {
        for (String cohort : new String[] {"2021a", "2022a", "2023a"}) {
            FundingInputs in = given().cohort(cohort).course(course).build(Y2021_2023);
            // NPQEYL is funded by row 15 (EYL in an eligible school), every other course by row 18
            assertOutcome(ENGINE.decide(in), in, FUNDED, YES, course == EARLY_YEARS_LEADERSHIP ? "15" : "18");
        }
    }

    @Test
    void ruleSetOfEachCohort() {
        assertThat(RuleSet.forCohort("2021a")).isEqualTo(Y2021_2023);
        assertThat(RuleSet.forCohort("2023a")).isEqualTo(Y2021_2023);
        assertThat(RuleSet.forCohort("2024a")).isEqualTo(Y2024_SPRING_2025);
        assertThat(RuleSet.forCohort("2025a")).isEqualTo(AUTUMN_2025);
        assertThat(RuleSet.forCohort("2026a")).isEqualTo(Y2026);
        assertThat(RuleSet.forCohort("2026b")).isEqualTo(Y2026);
    }

    // ---------------------------------------------------------------------------------------------------------
    // d2: message keys (FUNDING_STATUS_CODE_DESCRIPTIONS) and the funded / review flags of every code
    // ---------------------------------------------------------------------------------------------------------

    /** As d2 gives them. */
    private static final Map<String, String> SPEC_MESSAGE_KEYS = Map.ofEntries(
            Map.entry("funded", "scholarship_eligibility"),
            Map.entry("unfunded_cohort", "unfunded_cohort"),
            Map.entry("not_in_england", "outside_catchment"),
            Map.entry("ineligible_institution_type", "ineligible_setting"),
            Map.entry("early_years_invalid_npq", "ineligible_setting"),
            Map.entry("not_lead_mentor_course", "ineligible_setting"),
            Map.entry("ineligible_establishment_type", "ineligible_setting"),
            Map.entry("ineligible_establishment_not_a_pp50", "not_a_pp50"),
            Map.entry("not_entitled_childminder", "not_entitled_childminder"),
            Map.entry("not_new_headteacher_requesting_ehco", "not_eligible_ehco"),
            Map.entry("previously_funded", "previously_funded"),
            Map.entry("referred_by_return_to_teaching_adviser", "subject_to_review"),
            Map.entry("subject_to_review", "subject_to_review"));

    /** Codes d2 names (overrides of d4, legacy codes) without a message key: the keys the implementation chose. */
    private static final Map<String, String> CHOSEN_MESSAGE_KEYS = Map.of(
            "marked_funded_by_policy", "scholarship_eligibility",
            "marked_ineligible_by_policy", "ineligible_setting",
            "no_institution", "ineligible_setting",
            "school_outside_catchment", "outside_catchment",
            "early_years_outside_catchment", "outside_catchment",
            "not_on_early_years_register", "ineligible_setting",
            "not_entitled_ey_institution", "ineligible_setting",
            "early_years_ineligible_establishment", "ineligible_setting");

    @ParameterizedTest(name = "{0}")
    @EnumSource(FundingCode.class)
    void messageKeyAndFlagsOfEveryCode(FundingCode code) {
        String expectedKey = SPEC_MESSAGE_KEYS.containsKey(code.code) ? SPEC_MESSAGE_KEYS.get(code.code)
                : CHOSEN_MESSAGE_KEYS.get(code.code);
        assertThat(expectedKey).as("an expected message key for %s", code.code).isNotNull();
        assertThat(code.messageKey).isEqualTo(expectedKey);
        assertThat(code.funded).as("funded").isEqualTo(Set.of("funded", "marked_funded_by_policy").contains(code.code));
        assertThat(code.reviewRequired).as("review required")
                .isEqualTo(Set.of("subject_to_review", "referred_by_return_to_teaching_adviser").contains(code.code));
        assertThat(FundingCode.byCode(code.code)).contains(code);
    }

    @Test
    void everyCodeOfD2ExistsAndNoOther() {
        Set<String> d2Codes = new HashSet<>(SPEC_MESSAGE_KEYS.keySet());
        d2Codes.addAll(CHOSEN_MESSAGE_KEYS.keySet());
        assertThat(d2Codes).hasSize(21);
        assertThat(Arrays.stream(FundingCode.values()).map(c -> c.code)).containsExactlyInAnyOrderElementsOf(d2Codes);
    }

    /**
     * The course's facts as funding's course table holds them (the twelve of f1, the seeds' fixture; CourseCatalogueTest
     * holds the table to it, families included: ASO is "same family as EHCO", and previouslyFunded is worked out by the
     * caller, the engine only reads it).
     */
    static CourseFacts facts(Course c) {
        CourseFixtures.F1 f = CourseFixtures.F1_COURSES.stream().filter(x -> x.identifier().equals(c.identifier)).findFirst().orElseThrow();
        return CourseFacts.of(f.identifier(), f.shortCode(), f.group(), f.family());
    }

    // ---------------------------------------------------------------------------------------------------------
    // d6: targeted delivery funding and targeted support funding flags (2021-23 rule set, cohorts from 2022)
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} {1} {2}, type {3}, phase {4}, {5} pupils: TDF {6}, TSF primary {7}, primary plus {8}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // rule set        | cohort | course                        | type | phase | pupils | TDF   | TSF primary | TSF primary plus
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | 300    | true  | true  | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | 1      | true  | true  | true",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | 150    | true  | true  | true",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | 151    | true  | true  | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 4     | 600    | true  | false | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 4     | 601    | false | false | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | 601    | false | true  | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | 0      | false | true  | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 1    | 2     | NULL   | false | true  | false",
        "Y2021_2023        | 2022a  | LEADING_TEACHING              | 1    | 3     | 100    | true  | true  | true",
        "Y2021_2023        | 2023a  | SENIOR_LEADERSHIP             | 34   | 4     | 1200   | false | false | false",
        "Y2021_2023        | 2023a  | SENIOR_LEADERSHIP             | 34   | 5     | 500    | true  | false | false",
        "Y2021_2023        | 2023a  | EARLY_YEARS_LEADERSHIP        | 1    | 2     | 100    | true  | true  | true",
        "Y2021_2023        | 2022a  | EARLY_HEADSHIP_COACHING_OFFER | 1    | 4     | 100    | false | false | false",
        "Y2021_2023        | 2022a  | EARLY_HEADSHIP_COACHING_OFFER | 1    | 2     | 100    | false | true  | true",
        "Y2021_2023        | 2022a  | ADDITIONAL_SUPPORT_OFFER      | 1    | 4     | 100    | false | false | false",
        "Y2021_2023        | 2021a  | HEADSHIP                      | 1    | 2     | 100    | false | false | false",
        "Y2021_2023        | 2021a  | LEADING_TEACHING              | 1    | 2     | 100    | false | false | false",
        "Y2021_2023        | 2022a  | HEADSHIP                      | 11   | 2     | 100    | false | false | false",
        "Y2024_SPRING_2025 | 2024a  | HEADSHIP                      | 1    | 2     | 100    | false | false | false",
        "AUTUMN_2025       | 2025a  | HEADSHIP                      | 1    | 2     | 100    | false | false | false",
        "Y2026             | 2026b  | HEADSHIP                      | 1    | 2     | 100    | false | false | false",
        "Y2026             | 2026b  | SENIOR_LEADERSHIP             | 1    | 3     | 1      | false | false | false",
    })
    void targetedFundingFlags(RuleSet rules, String cohort, Course course, int type, String phase, Integer pupils,
                              boolean tdf, boolean tsfPrimary, boolean tsfPrimaryPlus) {
        FundingInputs in = given().cohort(cohort).course(course).headteacher("yes_in_first_two_years")
                .type(type).phase(phase).pupils(pupils).build(rules);
        FundingEngine.Outcome out = ENGINE.decide(in);
        assertThat(out.targetedDeliveryFunding()).as("TDF; %s", out.trace()).isEqualTo(tdf);
        assertThat(out.tsfPrimary()).as("TSF primary; %s", out.trace()).isEqualTo(tsfPrimary);
        assertThat(out.tsfPrimaryPlus()).as("TSF primary plus; %s", out.trace()).isEqualTo(tsfPrimaryPlus);
    }

    @Test
    void targetedDeliveryFundingByWorkSetting() {
        // a funded 16-19 setting with 1-600 students
        FundingEngine.Outcome sixteenToNineteen = ENGINE.decide(
                given().sixteenToNineteen().type(39).phase("6").pupils(400).build(Y2021_2023));
        assertThat(sixteenToNineteen.code()).isEqualTo(FUNDED);
        assertThat(sixteenToNineteen.targetedDeliveryFunding()).isTrue();
        assertThat(sixteenToNineteen.tsfPrimary()).isFalse();

        // never LAs, private childcare or ITT lead mentors
        for (Given noSchool : new Given[] {
                given().anotherSetting("hospital_school"),
                given().leadMentor(true).course(LEADING_TEACHING_DEVELOPMENT),
                given().earlyYears("childminder").course(EARLY_YEARS_LEADERSHIP),
                given().laNurserySchool().course(HEADSHIP)}) {
            FundingEngine.Outcome out = ENGINE.decide(noSchool.build(Y2021_2023));
            assertThat(out.code()).as("%s", out.trace()).isEqualTo(FUNDED);
            assertThat(out.targetedDeliveryFunding()).as("TDF %s", out.trace()).isFalse();
            assertThat(out.tsfPrimary()).as("TSF primary %s", out.trace()).isFalse();
            assertThat(out.tsfPrimaryPlus()).as("TSF primary plus %s", out.trace()).isFalse();
        }

        // 2026: all flags false for new applications, however small the school
        FundingEngine.Outcome y2026 = ENGINE.decide(given().course(SENCO).pupils(40).build());
        assertThat(y2026.code()).isEqualTo(FUNDED);
        assertThat(y2026.targetedDeliveryFunding()).isFalse();
        assertThat(y2026.tsfPrimary()).isFalse();
        assertThat(y2026.tsfPrimaryPlus()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Where an independent reading of npq-domain.md first disagreed with the engine (the engine was corrected)
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void autumn2025NpqeylAtAnLaNurserySchoolFollowsTheLaNurseryRule() {
        FundingEngine.Outcome notOnList = ENGINE.decide(
                given().laNurserySchool().course(EARLY_YEARS_LEADERSHIP).build(AUTUMN_2025));
        assertThat(notOnList.code()).isEqualTo(INELIGIBLE_ESTABLISHMENT_TYPE);
        FundingEngine.Outcome onList = ENGINE.decide(
                given().laNurserySchool().course(EARLY_YEARS_LEADERSHIP).onLaNurseryList().build(AUTUMN_2025));
        assertThat(onList.code()).isEqualTo(FUNDED);
    }

    @Test
    void ehcoWithoutAHeadteacherAnswerIsNotANewHeadteacher() {
        FundingInputs in = given().ehco(null).build();
        assertOutcome(ENGINE.decide(in), in, NOT_NEW_HEADTEACHER_REQUESTING_EHCO, NO, "5");
    }

    @Test
    void independentSpecialSchoolsOnlyFromCohort2022() {
        assertThat(ENGINE.decide(given().cohort("2021a").type(10).build(Y2021_2023)).eligible()).isFalse();
        assertThat(ENGINE.decide(given().cohort("2022a").type(10).build(Y2021_2023)).eligible()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------

    private static void assertOutcome(FundingEngine.Outcome out, FundingInputs in, FundingCode expected, boolean funded,
                                      String line) {
        assertThat(out.code()).as("outcome code; trace %s", out.trace()).isEqualTo(expected);
        assertThat(out.eligible()).as("eligible; trace %s", out.trace()).isEqualTo(funded);
        assertThat(expected.funded).as("the expected code's own funded flag").isEqualTo(funded);
        assertThat(out.ruleSet()).isEqualTo(in.ruleSet());
        assertThat(out.trace()).first().asString().startsWith("rule set " + in.ruleSet().id);
        assertThat(out.trace()).last().isEqualTo("=> " + expected.code);
        if (line != null && !NONE.equals(line)) {
            assertThat(out.trace()).as("the trace names d2 row %s", line).anyMatch(t -> t.startsWith(line + ": "));
        }
    }

    private static void assertAcrossRuleSets(String what, Given given, FundingCode y2026, FundingCode autumn2025,
                                             FundingCode y2024, FundingCode y2021) {
        RuleSet[] ruleSets = {Y2026, AUTUMN_2025, Y2024_SPRING_2025, Y2021_2023};
        FundingCode[] expected = {y2026, autumn2025, y2024, y2021};
        SoftAssertions.assertSoftly(softly -> {
            for (int i = 0; i < ruleSets.length; i++) {
                FundingEngine.Outcome out = ENGINE.decide(given.build(ruleSets[i]));
                softly.assertThat(out.code()).as("%s judged by %s; trace %s", what, ruleSets[i], out.trace())
                        .isEqualTo(expected[i]);
                softly.assertThat(out.eligible()).as("%s eligible, judged by %s", what, ruleSets[i])
                        .isEqualTo(expected[i] == FUNDED);
                softly.assertThat(out.ruleSet()).isEqualTo(ruleSets[i]);
            }
        });
    }

    private static Arguments row(String line, String condition, Given given, FundingCode outcome, boolean funded) {
        return Arguments.of(line, condition, given.build(), outcome, funded);
    }

    private static Arguments first(String what, Given given, FundingCode outcome, boolean funded, String fires,
                                   String doesNotFire) {
        return Arguments.of(what, given.build(), outcome, funded, fires, doesNotFire);
    }

    private static Arguments diff(String what, Given given, FundingCode y2026, FundingCode autumn2025,
                                  FundingCode y2024, FundingCode y2021) {
        return Arguments.of(what, given, y2026, autumn2025, y2024, y2021);
    }

    private static Arguments at(RuleSet rules, String line, String what, Given given, FundingCode outcome,
                                boolean funded) {
        return Arguments.of(rules, line, what, given.build(rules), outcome, funded);
    }

    static Given given() {
        return new Given();
    }

    /**
     * Funding inputs with the defaults of this table: cohort 2026b (capped) judged by the 2026 rules, works in England,
     * NPQH, a school; the school is a community school (type 1) in LA 202, phase 2 (primary), 300 pupils; on no list
     * (Lists.NONE). {@link #build(RuleSet)} judges the same answers by another rule set, with that rule set's usual
     * cohort (2025a, 2024a, 2022a) unless a cohort was given; 2021-23 cohorts are fully funded, the rest capped.
     */
    static final class Given {
        private static final FundingInputs.School A_SCHOOL =
                new FundingInputs.School("100001", "10000001", 1, "202", "2", 300);
        private static final FundingInputs.School AN_LA_NURSERY_SCHOOL =
                new FundingInputs.School("100002", "10000002", 15, "202", "1", 80);

        private RuleSet ruleSet = Y2026;
        private String cohort;
        private String funding;
        private String catchment = "england";
        private boolean previouslyFunded;
        private Course course = HEADSHIP;
        private String workSetting = "a_school";
        private String kindOfNursery;
        private String employmentType;
        private String headteacherStatus;
        private FundingInputs.School school = A_SCHOOL;
        private FundingInputs.EarlyYearsProvider earlyYearsProvider;
        private boolean ittProviderApproved;
        private boolean referredByReturnToTeachingAdviser;
        private boolean rise;
        private boolean pp50School;
        private boolean pp50FurtherEducation;
        private boolean childminderList;
        private boolean localAuthorityNurseryList;
        private boolean disadvantagedEarlyYearsList;

        Given judgedBy(RuleSet rules) { ruleSet = rules; return this; }
        Given cohort(String identifier) { cohort = identifier; return this; }
        Given funding(String cohortFunding) { funding = cohortFunding; return this; }
        Given catchment(String teacherCatchment) { catchment = teacherCatchment; return this; }
        Given previouslyFunded() { previouslyFunded = true; return this; }
        Given course(Course c) { course = c; return this; }
        Given headteacher(String status) { headteacherStatus = status; return this; }
        Given ehco(String status) { course = EARLY_HEADSHIP_COACHING_OFFER; headteacherStatus = status; return this; }

        Given setting(String setting) { workSetting = setting; return this; }
        Given academyTrust() { workSetting = "an_academy_trust"; return this; }
        Given sixteenToNineteen() { workSetting = "a_16_to_19_educational_setting"; return this; }

        Given noSchool() { school = null; return this; }
        Given type(int establishmentTypeCode) {
            FundingInputs.School s = schoolOrDefault();
            school = new FundingInputs.School(s.urn(), s.ukprn(), establishmentTypeCode, s.laCode(), s.phaseCode(), s.numberOfPupils());
            return this;
        }
        Given la(String laCode) {
            FundingInputs.School s = schoolOrDefault();
            school = new FundingInputs.School(s.urn(), s.ukprn(), s.establishmentTypeCode(), laCode, s.phaseCode(), s.numberOfPupils());
            return this;
        }
        Given phase(String phaseCode) {
            FundingInputs.School s = schoolOrDefault();
            school = new FundingInputs.School(s.urn(), s.ukprn(), s.establishmentTypeCode(), s.laCode(), phaseCode, s.numberOfPupils());
            return this;
        }
        Given pupils(Integer numberOfPupils) {
            FundingInputs.School s = schoolOrDefault();
            school = new FundingInputs.School(s.urn(), s.ukprn(), s.establishmentTypeCode(), s.laCode(), s.phaseCode(), numberOfPupils);
            return this;
        }

        /** Early years or childcare, with an Ofsted provider that is not on the Early Years Register, and no school. */
        Given earlyYears(String kind) {
            workSetting = "early_years_or_childcare";
            kindOfNursery = kind;
            school = null;
            earlyYearsProvider = new FundingInputs.EarlyYearsProvider("EY100001", false);
            return this;
        }
        Given preschoolClassInSchool() {
            earlyYears("preschool_class_as_part_of_school");
            school = A_SCHOOL;
            earlyYearsProvider = null;
            return this;
        }
        /** Early years or childcare at a local-authority nursery school (GIAS type 15). */
        Given laNurserySchool() {
            earlyYears("local_authority_maintained_nursery");
            school = AN_LA_NURSERY_SCHOOL;
            earlyYearsProvider = null;
            return this;
        }
        Given onEarlyYearsRegister() { earlyYearsProvider = new FundingInputs.EarlyYearsProvider("EY100001", true); return this; }
        Given noEarlyYearsProvider() { earlyYearsProvider = null; return this; }

        Given anotherSetting(String employment) {
            workSetting = "another_setting";
            employmentType = employment;
            school = null;
            return this;
        }
        Given leadMentor(boolean providerApproved) {
            anotherSetting("lead_mentor_for_accredited_itt_provider");
            ittProviderApproved = providerApproved;
            return this;
        }
        Given otherSetting(boolean referredByAdviser) {
            workSetting = "other";
            referredByReturnToTeachingAdviser = referredByAdviser;
            school = null;
            return this;
        }

        Given onRise() { rise = true; return this; }
        Given onPp50Schools() { pp50School = true; return this; }
        Given onPp50FurtherEducation() { pp50FurtherEducation = true; return this; }
        Given onChildminderList() { childminderList = true; return this; }
        Given onLaNurseryList() { localAuthorityNurseryList = true; return this; }
        Given onDisadvantagedEyList() { disadvantagedEarlyYearsList = true; return this; }

        FundingInputs build() {
            return build(ruleSet);
        }

        FundingInputs build(RuleSet rules) {
            String c = cohort != null ? cohort : usualCohort(rules);
            String f = funding != null ? funding : (rules == Y2021_2023 ? "full" : "capped");
            FundingInputs.Lists lists = new FundingInputs.Lists(rise, pp50School, pp50FurtherEducation, childminderList,
                    localAuthorityNurseryList, disadvantagedEarlyYearsList); // equals Lists.NONE unless a list was set
            return new FundingInputs(c, f, rules, catchment, previouslyFunded, facts(course), workSetting, kindOfNursery,
                    employmentType, headteacherStatus, school, earlyYearsProvider, ittProviderApproved,
                    referredByReturnToTeachingAdviser, lists);
        }

        private FundingInputs.School schoolOrDefault() {
            return school != null ? school : A_SCHOOL;
        }

        private static String usualCohort(RuleSet rules) {
            return switch (rules) {
                case Y2021_2023 -> "2022a";
                case Y2024_SPRING_2025 -> "2024a";
                case AUTUMN_2025 -> "2025a";
                case Y2026 -> "2026b";
            };
        }
    }
}
