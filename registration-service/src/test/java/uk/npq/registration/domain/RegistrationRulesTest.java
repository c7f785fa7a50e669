package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The facts a registration derives as the DfE does (lead_mentor, the catchment's ISO code) and the answers that contradict them. */
class RegistrationRulesTest {
    static final LocalDate TODAY = LocalDate.of(2026, 9, 1);
    /** The courses there are, as the service's copy of funding's courses would hold them. */
    static final Set<String> COURSES = Set.of("npq-leading-teaching-development", "npq-headship");

    static RegistrationRules.Input input(String workSetting, String employmentType, String catchment, String country, String iso,
                                         Boolean leadMentor) {
        return new RegistrationRules.Input("1234567", "Ada Example", LocalDate.of(1985, 4, 12), null, "ada@example.org",
                "npq-leading-teaching-development", "2026b", UUID.randomUUID(), workSetting, null, null, null, null, employmentType,
                null, null, null, catchment, country, iso, "Some ITT Provider", leadMentor, null, null, null, null);
    }

    static List<String> attributes(RegistrationRules.Input in) {
        return RegistrationRules.check(in, COURSES, TODAY).stream().map(RegistrationRules.Violation::attribute).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
        "lead_mentor_for_accredited_itt_provider, true", "hospital_school, false", "other, false", "NULL, false"})
    void leadMentorFollowsTheEmploymentType(String employmentType, boolean leadMentor) {
        assertThat(RegistrationRules.leadMentor(employmentType)).isEqualTo(leadMentor);
        assertThat(attributes(input("another_setting", employmentType, "england", null, null, leadMentor))).isEmpty();
        assertThat(attributes(input("another_setting", employmentType, "england", null, null, !leadMentor))).containsExactly("lead_mentor");
    }

    @ParameterizedTest(name = "{0} / {1}, sent {2} -> {3}, refused: {4}")
    @CsvSource(nullValues = "NULL", value = {
        "england,  NULL,           NULL, GBR,  NULL",
        "scotland, NULL,           NULL, GBR,  NULL",
        "england,  United Kingdom, GBR,  GBR,  NULL",
        "wales,    France,         NULL, GBR,  teacher_catchment_country",
        "another,  France,         NULL, FRA,  NULL",
        "another,  France,         FRA,  FRA,  NULL",
        "another,  France,         DEU,  FRA,  teacher_catchment_iso_country_code",
        "another,  Narnia,         NULL, NULL, NULL",
        "another,  Narnia,         FRA,  FRA,  NULL",
        "another,  Narnia,         XYZ,  NULL, teacher_catchment_iso_country_code",
        "another,  NULL,           NULL, NULL, teacher_catchment_country",
    })
    void theIsoCodeIsDerivedAndAContradictionRefused(String catchment, String country, String sent, String iso, String refused) {
        var in = input("another_setting", null, catchment, country, sent, null);
        assertThat(attributes(in)).isEqualTo(refused == null ? List.of() : List.of(refused));
        if (refused == null) assertThat(RegistrationRules.teacherCatchmentIsoCountryCode(in)).isEqualTo(iso);
    }

    @Test
    void theCourseMustBeOneOfTheCoursesGiven() {
        var in = input("another_setting", null, "england", null, null, false);
        assertThat(RegistrationRules.check(in, COURSES, TODAY)).isEmpty();
        assertThat(RegistrationRules.check(in, Set.of("npq-headship"), TODAY)).containsExactly(
                new RegistrationRules.Violation("course_identifier", "The entered '#/course_identifier' is not recognised."));
    }
}
