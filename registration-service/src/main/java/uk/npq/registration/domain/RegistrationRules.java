package uk.npq.registration.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Validation of a registration, attribute by attribute, with DfE-style messages. Pure: no I/O. */
public final class RegistrationRules {
    private static final Pattern COHORT = Pattern.compile("^20[2-9][0-9][a-z]?$");
    private static final Pattern URN = Pattern.compile("^[0-9]{6}$");
    private static final Pattern UKPRN = Pattern.compile("^[0-9]{8}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** Work settings of npq-domain.md section b. */
    public static final Set<String> WORK_SETTINGS = Set.of(
            "early_years_or_childcare", "a_school", "an_academy_trust", "a_16_to_19_educational_setting",
            "another_setting", "other");

    /** Settings whose institution is a GIAS school: the school URN is required. */
    public static final Set<String> SCHOOL_SETTINGS = Set.of("a_school", "an_academy_trust");

    public static final Set<String> CATCHMENTS = Set.of(
            "england", "another", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man");

    private RegistrationRules() {}

    /** The employment type of an ITT lead mentor (npq-registration {@code HandleSubmissionForStore#lead_mentor?}). */
    public static final String LEAD_MENTOR_EMPLOYMENT_TYPE = "lead_mentor_for_accredited_itt_provider";

    /** lead_mentor as the DfE derives it: true for a lead mentor for an accredited ITT provider, otherwise false (never null). */
    public static boolean leadMentor(String employmentType) {
        return LEAD_MENTOR_EMPLOYMENT_TYPE.equals(employmentType);
    }

    /**
     * teacher_catchment_iso_country_code: derived from the catchment and country ({@link Catchment#iso3(String, String)});
     * only when the country named is no country the JDK knows is a code sent with it kept ({@link #check} has made
     * sure it is a real one and agrees with any code derived).
     */
    public static String teacherCatchmentIsoCountryCode(Input in) {
        return Catchment.iso3(in.teacherCatchment(), in.teacherCatchmentCountry())
                .orElse(blank(in.teacherCatchmentIsoCountryCode()) ? null : in.teacherCatchmentIsoCountryCode());
    }

    /** One problem with one attribute. */
    public record Violation(String attribute, String detail) {}

    public static final Set<String> KINDS_OF_NURSERY = Set.of("local_authority_maintained_nursery",
            "preschool_class_as_part_of_school", "private_nursery", "another_early_years_setting", "childminder");
    public static final Set<String> EMPLOYMENT_TYPES = Set.of("hospital_school", "lead_mentor_for_accredited_itt_provider",
            "local_authority_supply_teacher", "local_authority_virtual_school", "young_offender_institution", "other");
    public static final Set<String> HEADTEACHER_STATUSES = Set.of("no", "yes_when_course_starts", "yes_in_first_two_years",
            "yes_over_two_years", "yes_in_first_five_years", "yes_over_five_years");
    public static final Set<String> SENCO_IN_ROLE = Set.of("yes", "no_but_i_plan_to_become_one", "no_i_do_not_plan_to_be_a_SENCO");
    public static final Set<String> FUNDING_CHOICES = Set.of("school", "trust", "self", "another", "employer");
    private static final Pattern NINO = Pattern.compile("^[A-Z]{2}[0-9]{6}[A-D]$"); // the shape only: test numbers (QQ...) are valid input
    private static final Pattern ISO3 = Pattern.compile("^[A-Z]{3}$");

    /**
     * Raw answers as received (the registration wizard of section b and the person); every field may be
     * missing. A missing trn (null) means the applicant has none: the service requests one.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Input(String trn, String fullName, LocalDate dateOfBirth, String nationalInsuranceNumber, String email,
                        String courseIdentifier, String cohort, UUID leadProviderId, String workSetting,
                        String schoolUrn, String schoolUkprn, String privateChildcareProviderUrn, String kindOfNursery,
                        String employmentType, String employmentRole, String employerName, String headteacherStatus,
                        String teacherCatchment, String teacherCatchmentCountry, String teacherCatchmentIsoCountryCode,
                        String ittProvider, Boolean leadMentor, String referredByReturnToTeachingAdviser,
                        String sencoInRole, LocalDate sencoStartDate, String fundingChoice) {

        /** The NI number in the canonical form (upper case, no spaces), or null. */
        public String normalisedNino() {
            return nationalInsuranceNumber == null || nationalInsuranceNumber.isBlank() ? null
                    : nationalInsuranceNumber.replaceAll("\\s", "").toUpperCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The violations of {@code in}; empty when it may be registered. {@code courses}: the course identifiers there are
     * (funding-service's courses as this service's copy holds them).
     */
    public static List<Violation> check(Input in, Set<String> courses, LocalDate today) {
        List<Violation> v = new ArrayList<>();
        if (in.trn() != null) Trn.normalise(in.trn()).error().ifPresent(e -> v.add(new Violation("trn", e)));
        if (in.normalisedNino() != null && !NINO.matcher(in.normalisedNino()).matches())
            v.add(new Violation("national_insurance_number", "The '#/national_insurance_number' is not a valid National Insurance number."));
        if (blank(in.fullName())) v.add(new Violation("full_name", "Enter a '#/full_name'."));
        if (in.dateOfBirth() == null) {
            v.add(new Violation("date_of_birth", "Enter a '#/date_of_birth'."));
        } else if (!in.dateOfBirth().isBefore(today.minusYears(16)) || in.dateOfBirth().isBefore(today.minusYears(100))) {
            v.add(new Violation("date_of_birth", "The '#/date_of_birth' must be a real date of birth."));
        }
        if (blank(in.email())) v.add(new Violation("email", "Enter an '#/email'."));
        else if (!EMAIL.matcher(in.email()).matches()) v.add(new Violation("email", "The '#/email' is not a valid email address."));
        if (blank(in.courseIdentifier())) v.add(new Violation("course_identifier", "Enter a '#/course_identifier'."));
        else if (!courses.contains(in.courseIdentifier()))
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
        else if (!Catchment.inUk(in.teacherCatchment()) && blank(in.teacherCatchmentCountry()))
            v.add(new Violation("teacher_catchment_country", "Enter a '#/teacher_catchment_country' when you do not work in the UK."));
        else if (Catchment.inUk(in.teacherCatchment()) && !blank(in.teacherCatchmentCountry())
                && !Catchment.iso3(in.teacherCatchmentCountry()).equals(Optional.of(Catchment.GBR)))
            v.add(new Violation("teacher_catchment_country", "The '#/teacher_catchment_country' is the United Kingdom when '#/teacher_catchment' is "
                    + in.teacherCatchment() + ": leave it out."));
        String iso = in.teacherCatchmentIsoCountryCode();
        if (!blank(iso) && (!ISO3.matcher(iso).matches() || !Catchment.isIso3(iso))) {
            v.add(new Violation("teacher_catchment_iso_country_code", "The '#/teacher_catchment_iso_country_code' must be an ISO 3166 alpha-3 code, e.g. FRA."));
        } else if (!blank(iso) && CATCHMENTS.contains(in.teacherCatchment())) {
            Catchment.iso3(in.teacherCatchment(), in.teacherCatchmentCountry()).filter(derived -> !derived.equals(iso)).ifPresent(derived ->
                    v.add(new Violation("teacher_catchment_iso_country_code", "The '#/teacher_catchment_iso_country_code' of this '#/teacher_catchment_country' is "
                            + derived + ": leave it out.")));
        }
        if (in.leadMentor() != null && in.leadMentor() != leadMentor(in.employmentType()))
            v.add(new Violation("lead_mentor", "The '#/lead_mentor' is true exactly when '#/employment_type' is "
                    + LEAD_MENTOR_EMPLOYMENT_TYPE + ": leave it out."));
        if ("early_years_or_childcare".equals(in.workSetting()) && blank(in.kindOfNursery()))
            v.add(new Violation("kind_of_nursery", "Enter a '#/kind_of_nursery' for the early years setting you work in."));
        oneOf(v, "kind_of_nursery", in.kindOfNursery(), KINDS_OF_NURSERY);
        oneOf(v, "employment_type", in.employmentType(), EMPLOYMENT_TYPES);
        oneOf(v, "headteacher_status", in.headteacherStatus(), HEADTEACHER_STATUSES);
        oneOf(v, "senco_in_role", in.sencoInRole(), SENCO_IN_ROLE);
        oneOf(v, "funding_choice", in.fundingChoice(), FUNDING_CHOICES);
        oneOf(v, "referred_by_return_to_teaching_adviser", in.referredByReturnToTeachingAdviser(), Set.of("yes", "no"));
        if ("npq-senco".equals(in.courseIdentifier()) && blank(in.sencoInRole()))
            v.add(new Violation("senco_in_role", "Enter a '#/senco_in_role' for the SENCO course."));
        if ("yes".equals(in.sencoInRole()) && in.sencoStartDate() == null)
            v.add(new Violation("senco_start_date", "Enter a '#/senco_start_date' when you are a SENCO."));
        if (in.sencoStartDate() != null && in.sencoStartDate().isAfter(today))
            v.add(new Violation("senco_start_date", "The '#/senco_start_date' must be in the past."));
        if ("npq-early-headship-coaching-offer".equals(in.courseIdentifier()) && blank(in.headteacherStatus()))
            v.add(new Violation("headteacher_status", "Enter a '#/headteacher_status' for the early headship coaching offer."));
        if (leadMentor(in.employmentType()) && blank(in.ittProvider()))
            v.add(new Violation("itt_provider", "Enter the '#/itt_provider' you are a lead mentor for."));
        return v;
    }

    private static void oneOf(List<Violation> v, String attribute, String value, Set<String> allowed) {
        if (!blank(value) && !allowed.contains(value))
            v.add(new Violation(attribute, "The entered '#/" + attribute + "' is not recognised."));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
