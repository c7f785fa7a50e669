package uk.npq.registration.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of a registration, attribute by attribute, with DfE-style messages. Pure: no I/O. */
public final class RegistrationRules {
    private static final Pattern COHORT = Pattern.compile("^20[2-9][0-9][a-z]?$");
    private static final Pattern URN = Pattern.compile("^[0-9]{6}$");
    private static final Pattern UKPRN = Pattern.compile("^[0-9]{8}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** Course identifiers of npq-domain.md f1. */
    public static final Set<String> COURSES = Set.of(
            "npq-early-years-leadership", "npq-executive-leadership", "npq-headship", "npq-senior-leadership",
            "npq-senco", "npq-leading-behaviour-culture", "npq-leading-literacy",
            "npq-leading-primary-mathematics", "npq-leading-teaching", "npq-leading-teaching-development",
            "npq-early-headship-coaching-offer", "npq-additional-support-offer");

    /** Work settings of npq-domain.md section b. */
    public static final Set<String> WORK_SETTINGS = Set.of(
            "early_years_or_childcare", "a_school", "an_academy_trust", "a_16_to_19_educational_setting",
            "another_setting", "other");

    /** Settings whose institution is a GIAS school: the school URN is required. */
    public static final Set<String> SCHOOL_SETTINGS = Set.of("a_school", "an_academy_trust");

    public static final Set<String> CATCHMENTS = Set.of(
            "england", "another", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man");

    private RegistrationRules() {}

    /** One problem with one attribute. */
    public record Violation(String attribute, String detail) {}

    /** Raw answers as received; every field may be missing. */
    public record Input(String trn, String fullName, LocalDate dateOfBirth, String email,
                        String courseIdentifier, String cohort, UUID leadProviderId, String workSetting,
                        String schoolUrn, String schoolUkprn, String teacherCatchment, String teacherCatchmentCountry) {}

    /** The violations of {@code in}; empty when it may be registered. */
    public static List<Violation> check(Input in, LocalDate today) {
        List<Violation> v = new ArrayList<>();
        Trn.normalise(in.trn()).error().ifPresent(e -> v.add(new Violation("trn", e)));
        if (blank(in.fullName())) v.add(new Violation("full_name", "Enter a '#/full_name'."));
        if (in.dateOfBirth() == null) {
            v.add(new Violation("date_of_birth", "Enter a '#/date_of_birth'."));
        } else if (!in.dateOfBirth().isBefore(today.minusYears(16)) || in.dateOfBirth().isBefore(today.minusYears(100))) {
            v.add(new Violation("date_of_birth", "The '#/date_of_birth' must be a real date of birth."));
        }
        if (blank(in.email())) v.add(new Violation("email", "Enter an '#/email'."));
        else if (!EMAIL.matcher(in.email()).matches()) v.add(new Violation("email", "The '#/email' is not a valid email address."));
        if (blank(in.courseIdentifier())) v.add(new Violation("course_identifier", "Enter a '#/course_identifier'."));
        else if (!COURSES.contains(in.courseIdentifier()))
            v.add(new Violation("course_identifier", "The entered '#/course_identifier' is not recognised."));
        if (blank(in.cohort())) v.add(new Violation("cohort", "Enter a '#/cohort'."));
        else if (!COHORT.matcher(in.cohort()).matches())
            v.add(new Violation("cohort", "The '#/cohort' must be a cohort identifier such as 2026b."));
        if (in.leadProviderId() == null) v.add(new Violation("lead_provider_id", "Enter a '#/lead_provider_id'."));
        if (blank(in.workSetting())) v.add(new Violation("work_setting", "Enter a '#/work_setting'."));
        else if (!WORK_SETTINGS.contains(in.workSetting()))
            v.add(new Violation("work_setting", "The entered '#/work_setting' is not recognised."));
        else if (SCHOOL_SETTINGS.contains(in.workSetting()) && blank(in.schoolUrn()))
            v.add(new Violation("school_urn", "Enter a '#/school_urn' for the school you work in."));
        else if ("a_16_to_19_educational_setting".equals(in.workSetting()) && blank(in.schoolUrn()) && blank(in.schoolUkprn()))
            v.add(new Violation("school_urn", "Enter a '#/school_urn' or '#/school_ukprn' for the setting you work in."));
        if (!blank(in.schoolUrn()) && !URN.matcher(in.schoolUrn()).matches())
            v.add(new Violation("school_urn", "The '#/school_urn' must be 6 digits."));
        if (!blank(in.schoolUkprn()) && !UKPRN.matcher(in.schoolUkprn()).matches())
            v.add(new Violation("school_ukprn", "The '#/school_ukprn' must be 8 digits."));
        if (blank(in.teacherCatchment())) v.add(new Violation("teacher_catchment", "Enter a '#/teacher_catchment'."));
        else if (!CATCHMENTS.contains(in.teacherCatchment()))
            v.add(new Violation("teacher_catchment", "The '#/teacher_catchment' must be england or another."));
        return v;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
